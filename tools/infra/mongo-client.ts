import mongoose from 'mongoose';

/** Ready means the server answers a command, whichever engine serves the MongoDB protocol. */
export async function pingMongo(url: string): Promise<void> {
  const connection = await mongoose
    .createConnection(url, { serverSelectionTimeoutMS: 1_000 })
    .asPromise();
  try {
    await connection.db?.command({ ping: 1 });
  } finally {
    await connection.close();
  }
}

/**
 * A raw driver client for measuring and checking an engine. Nothing retried: an acknowledgement
 * must mean the server took this very attempt, and a failure must show.
 */
export function connectMongo(url: string, maxPoolSize = 32): Promise<mongoose.mongo.MongoClient> {
  return new mongoose.mongo.MongoClient(url, {
    maxPoolSize,
    retryWrites: false,
    retryReads: false,
    serverSelectionTimeoutMS: 5_000,
  }).connect();
}
