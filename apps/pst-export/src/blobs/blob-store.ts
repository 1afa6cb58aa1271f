export interface BlobInfo {
  id: string;
  size: number;
  sha256: string;
}

/** Inclusive byte range, as in HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where raw messages and PST files live. A blob is visible only once completely written, so a
 * crash mid-write never leaves a half blob that reads as whole.
 */
export interface BlobStore {
  put(id: string, source: AsyncIterable<Buffer> | Buffer): Promise<BlobInfo>;
  info(id: string): Promise<BlobInfo | undefined>;
  read(id: string, range?: ByteRange): AsyncIterable<Buffer>;
  delete(id: string): Promise<void>;
}

export async function* chunksOf(source: AsyncIterable<Buffer> | Buffer): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) yield source;
  else yield* source;
}
