/**
 * Reading a body stream as text with a byte cap, shared by the HTTP transport (responses) and the
 * DBackup webhook handler (requests): past the cap the rest is cancelled, never buffered.
 *
 * @module
 */

const utf8 = new TextDecoder();

/**
 * Reads `reader` to the end and decodes it as UTF-8, or cancels it and returns `undefined` as soon
 * as more than `maxBytes` bytes have arrived.
 */
export async function readCappedText(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return utf8.decode(chunks[0]);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return utf8.decode(bytes);
}
