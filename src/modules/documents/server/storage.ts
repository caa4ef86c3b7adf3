import "server-only";

import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { env, type Env } from "@/server/env";

/**
 * Where uploaded document files live. Keys are made by the domain (never from a file name), and
 * a stored object is never replaced: a new upload gets a new key. Integrity is checked by the
 * caller (the SHA-256 recorded in the database), so a store only moves bytes.
 */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
}

const KEY_CHARACTERS = /^[a-zA-Z0-9/_.-]+$/;
const MAX_KEY_LENGTH = 512;

/** Refuses anything that could leave the store's root or mean different things to different stores. */
export function assertStorageKey(key: string): void {
  const ok =
    key.length > 0 &&
    key.length <= MAX_KEY_LENGTH &&
    KEY_CHARACTERS.test(key) &&
    !key.includes("..") &&
    !key.startsWith("/") &&
    key.split("/").every((segment) => segment !== "" && segment !== ".");
  if (!ok) throw new Error(`Refused storage key ${JSON.stringify(key.slice(0, 100))}`);
}

/** Files on local disk under one directory, each written to a temporary file and renamed into place. */
export class LocalFileStore implements FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string) {
    assertStorageKey(key);
    const file = path.resolve(this.root, key);
    // Belt and braces: the key check above already keeps every key inside the root.
    if (!file.startsWith(this.root + path.sep)) throw new Error("Refused storage key outside the store");
    return file;
  }

  async put(key: string, bytes: Uint8Array, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    const directory = path.dirname(file);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${randomBytes(8).toString("hex")}.tmp`;
    try {
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // The rename is durable only once the directory entry is.
    const dir = await open(directory, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const file = this.pathOf(key);
    try {
      const buffer = await readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }
}

/** Objects in an S3-compatible bucket (AWS S3, MinIO, R2, …). */
export class S3FileStore implements FileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }),
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertStorageKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!output.Body) return null;
      return await output.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }
}

type StorageSettings = Pick<
  Env,
  "FILE_STORAGE_DIR" | "S3_BUCKET" | "S3_REGION" | "S3_ENDPOINT" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY" | "S3_FORCE_PATH_STYLE"
>;

/** S3 when S3_BUCKET is set, otherwise local disk under FILE_STORAGE_DIR (relative to the working directory). */
export function createFileStore(settings: StorageSettings): FileStore {
  if (!settings.S3_BUCKET) return new LocalFileStore(path.resolve(/*turbopackIgnore: true*/ process.cwd(), settings.FILE_STORAGE_DIR));
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = settings;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the default AWS credential chain");
  }
  const client = new S3Client({
    region: settings.S3_REGION,
    ...(settings.S3_ENDPOINT ? { endpoint: settings.S3_ENDPOINT } : {}),
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
  return new S3FileStore(client, settings.S3_BUCKET);
}

let cached: FileStore | undefined;

/** The configured store, created on first use. */
export function fileStore(): FileStore {
  cached ??= createFileStore(env());
  return cached;
}

/** For tests that change the storage settings between files. */
export function resetFileStoreCache() {
  cached = undefined;
}
