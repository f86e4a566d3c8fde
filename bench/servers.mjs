// Plain node:http servers for the benchmarks. They answer from bodies serialized once up front, so a
// request costs the server almost nothing and the SDK's own overhead is what the ratios show (an
// MSW-backed server is slow enough to hide it). The bodies themselves come from the package's mocks,
// so they have the real shapes: a DBackup 3.2 execution, Cove statistics rows with 40 columns.
import { createServer } from 'node:http';
import { DBackupClient } from '@backupchecks/sdk/dbackup';
import { startMockServers } from '@backupchecks/sdk/testing';

/** 40 columns a monitoring poll asks for: properties, the Total (D09) and the common data sources. */
export const COVE_COLUMNS = [
  'I1',
  'I8',
  'I14',
  'I18',
  'I32',
  'I78',
  'I81',
  'D09F00',
  'D09F01',
  'D09F02',
  'D09F03',
  'D09F04',
  'D09F05',
  'D09F06',
  'D09F07',
  'D09F08',
  'D09F09',
  'D09F10',
  'D09F12',
  'D09F13',
  'D09F15',
  'D09F17',
  'D09F18',
  'D01F00',
  'D01F02',
  'D01F03',
  'D01F06',
  'D01F09',
  'D01F15',
  'D02F00',
  'D02F09',
  'D03F00',
  'D03F09',
  'D10F00',
  'D10F09',
  'D19F00',
  'D19F09',
  'D20F00',
  'D20F09',
  'D23F00',
];

/**
 * Starts a server on loopback that answers with `handler(req, body)` → `[status, text]`, after
 * `delayMs` (a stand-in for a real server's processing time and network latency).
 */
function serve(handler, delayMs = 0) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const [status, text] = handler(req, Buffer.concat(chunks).toString('utf8'));
      const send = () => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Captures realistic bodies from the package's mocks (in-process, once). */
async function capture() {
  const mocks = startMockServers({
    cove: { endpoint: 'https://cove.bench.test/jsonapi', devices: 500 },
    dbackup: { rateLimit: false },
  });
  try {
    const dbackup = new DBackupClient({
      baseUrl: mocks.dbackup.baseUrl,
      apiKey: mocks.dbackup.keys.full,
      rateLimit: false,
    });
    const { executions } = await dbackup.history.list();
    const terminal = executions.find((e) => e.status === 'Success') ?? executions[0];
    const execution = await (
      await fetch(`${mocks.dbackup.baseUrl}/api/executions/${terminal.id}`, {
        headers: { authorization: `Bearer ${mocks.dbackup.keys.full}` },
      })
    ).text();
    const rpc = async (method, params, visa) =>
      (
        await fetch(mocks.cove.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, visa, method, params }),
        })
      ).json();
    const login = await rpc('Login', mocks.cove.credentials);
    const partnerId = login.result.result.PartnerId;
    const page = await rpc(
      'EnumerateAccountStatistics',
      {
        query: {
          PartnerId: partnerId,
          Columns: COVE_COLUMNS,
          StartRecordNumber: 0,
          RecordsCount: 500,
          SelectionMode: 'Merged',
        },
      },
      login.visa,
    );
    return { execution, executionId: terminal.id, partnerId, coveRows: page.result?.result };
  } finally {
    mocks.close();
  }
}

/**
 * Starts both servers. DBackup: `GET /api/executions/:id` answers one canned execution. Cove:
 * `Login` answers a visa; `EnumerateAccountStatistics` answers pages of `fleet` devices tiled from
 * the 500 captured rows (AccountIds made unique), each page serialized on first use and cached.
 */
export async function startBenchServers({ fleet = 500, coveDelayMs = 0 } = {}) {
  const captured = await capture();
  if (!Array.isArray(captured.coveRows) || captured.coveRows.length !== 500)
    throw new Error('could not capture a 500-row Cove page from the mock');
  const visa = 'bench-visa-0123456789abcdef';
  const dbackup = await serve((req) =>
    req.url?.startsWith('/api/executions/')
      ? [200, captured.execution]
      : [404, '{"success":false,"error":"Not found"}'],
  );
  const pages = new Map();
  const pageText = (start, count) => {
    const key = `${start}:${count}`;
    let text = pages.get(key);
    if (text === undefined) {
      const rows = [];
      for (let i = start; i < Math.min(fleet, start + count); i++) {
        const row = captured.coveRows[i % 500];
        rows.push({ ...row, AccountId: 1_000_000 + i });
      }
      text = JSON.stringify({ jsonrpc: '2.0', id: 1, visa, result: { result: rows, totalStatistics: null } });
      if (pages.size < 256) pages.set(key, text);
    }
    return text;
  };
  const cove = await serve((_req, body) => {
    const call = JSON.parse(body);
    if (call.method === 'Login')
      return [
        200,
        JSON.stringify({
          jsonrpc: '2.0',
          id: call.id,
          visa,
          result: { result: { Id: 9001, PartnerId: captured.partnerId, Name: 'Bench', Flags: [] } },
        }),
      ];
    if (call.method === 'EnumerateAccountStatistics') {
      const q = call.params.query;
      return [200, pageText(q.StartRecordNumber ?? 0, q.RecordsCount ?? 500)];
    }
    return [
      200,
      JSON.stringify({ jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } }),
    ];
  }, coveDelayMs);
  return {
    dbackupUrl: dbackup.url,
    coveEndpoint: `${cove.url}/jsonapi`,
    executionId: captured.executionId,
    partnerId: captured.partnerId,
    visa,
    fleet,
    async close() {
      await dbackup.close();
      await cove.close();
    },
  };
}
