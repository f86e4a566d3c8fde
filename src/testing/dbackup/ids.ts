/**
 * Ids of the DBackup mock's seed data. They are the ids of the real DBackup 3.2.0 exchanges the
 * mock is modelled on, so fixtures and recordings line up.
 *
 * @module
 */

/** Stable ids of everything the DBackup mock seeds. */
export const DBACKUP_MOCK_IDS = {
  /** Backup jobs. */
  jobs: {
    /** "SQLite to Local" (App SQLite → Local Primary, GZIP): runs end `Success`. */
    sqliteToLocal: 'f82172ba-c640-4fbb-b3db-6e0554ee9c62',
    /** "SQLite to Two Destinations" (→ Local Primary + Local Broken): runs end `Partial`. */
    twoDestinations: '8906d95f-fa68-4064-8f4b-f7f35dced380',
    /** "Missing SQLite Job" (disabled; source in a missing directory): runs end `Failed`. */
    missingSqlite: '9d4bf2fa-a400-4821-92e0-e80c3d61cbf7',
    /** "Big SQLite GZIP" (1.5 GiB source): runs end `Success`. */
    bigSqlite: '928753f3-0d46-4157-9582-6f98b7dd94dd',
  },
  /** Adapter configs (sources and destinations). */
  adapters: {
    /** Database "App SQLite" (12 KiB). */
    appSqlite: 'd753ff8a-c3f6-4ff8-a648-fab3da34fd54',
    /** Database "Big SQLite" (1.5 GiB). */
    bigSqlite: '98dae9eb-d521-42e9-9dec-0bd452cacce0',
    /** Database "Missing SQLite" (dumps fail). */
    missingSqlite: 'b36fe9e0-564f-413a-a6d9-4818d428ab0c',
    /** Storage "Local Primary" (healthy, holds the seeded backup files). */
    localPrimary: 'be43f835-f310-4240-a874-7dcc8e61685a',
    /** Storage "Local Broken" (uploads and listing fail with ENOTDIR). */
    localBroken: 'f279b989-8476-424b-9645-8f29cf7c148f',
  },
  /** Seeded history, oldest first. */
  executions: {
    /** "SQLite to Local", `Success`, 343 bytes. */
    success: 'aa00aa7c-67ed-423b-9ad2-5259a07ef3e5',
    /** "SQLite to Two Destinations", `Partial` (Local Broken failed). */
    partial: 'ad303b2a-7843-4801-989a-f648097c7566',
    /** "Missing SQLite Job", `Success` (4096-byte empty database, before the source moved). */
    successMissingFile: '71bf1d32-c213-4409-b7bf-ce03eb6d92e1',
    /** "Missing SQLite Job", `Failed` ("Dump failed: sqlite3 exited with code 1: …"). */
    failed: '870ed095-d7f2-4c1e-92e7-41b4c49f966f',
    /** "Big SQLite GZIP", `Cancelled` while Running (stage Uploading, size set, path null). */
    cancelledRunning: '7b94f41f-9c96-4818-b8b5-42614766230b',
    /** "SQLite to Local", `Cancelled` while Pending (one `warn` log entry). */
    cancelledPending: 'a08247ca-8a58-489a-94e3-495e5d6a9821',
    /** "SQLite to Local", `Success`, the newest backup. */
    successLatest: 'a8e5a56c-e283-4744-80a6-b18cb4956eb8',
    /** System task `IntegrityCheck`, jobId null, `Partial` (one destination unreachable); newest overall. */
    integrityCheck: '115004e8-af84-48d8-b4f5-e4017906e716',
  },
  /** Vault encryption profiles. */
  encryptionProfiles: {
    /** "Default Key". */
    defaultKey: '3f6c1b2a-8d4e-4f1a-9b7c-2e5d8a0c6f13',
  },
  /** System task ids. */
  systemTasks: {
    integrityCheck: 'system.integrity_check',
    healthCheck: 'system.health_check',
  },
} as const;
