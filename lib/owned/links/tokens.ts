import crypto from "node:crypto";

// Tracked-link and pixel tokens: which send (and which of its template's links) a request is
// about, signed so nobody can make one up or move it to another send. Nothing personal is in
// them: a workspace id, two numbers, the day it was made and the signature.
//
// Layout (base64url): version | kind | workspace | send id | link id | issued day | MAC.
// The workspace is packed to 16 bytes when it is a cuid (else its bytes with their length), the
// numbers are unsigned varints, the day counts from 2020-01-01, and the MAC is the first 10 bytes
// of HMAC-SHA-256 under a key derived from HASH_SECRET (HKDF): the secret that must already stay
// the same for the data's life, so links in old emails keep working.

const VERSION = 1;
const MAC_BYTES = 10;
const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(2020, 0, 1);
/** How long a token leads to its send: older ones are answered as unknown (documented). */
export const TOKEN_TTL_DAYS = 400;

export type TTokenKind = "link" | "open";
const KIND_BYTE: Record<TTokenKind, number> = { link: 0x6c, open: 0x6f };

export type TTokenClaims = { kind: TTokenKind; workspaceId: string; sendId: bigint; linkId: bigint; issuedDay: number };

/** Why a token was not taken; `workspaceId` when the token still names one (for its fallback URL). */
export type TTokenRefusal = { reason: "malformed" | "tampered" | "expired" | "wrong_kind"; workspaceId: string | null };

let derived: { secret: string; key: Buffer } | null = null;
function macKey(): Buffer {
  const secret = process.env.HASH_SECRET;
  if (!secret) throw new Error("HASH_SECRET is not set.");
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(crypto.hkdfSync("sha256", secret, "signalboard", "owned-link-tokens-v1", 32)) };
  }
  return derived.key;
}

const CUID = /^c[0-9a-z]{24}$/;

function packWorkspace(id: string): Buffer {
  if (CUID.test(id)) {
    const n = [...id.slice(1)].reduce((acc, ch) => acc * 36n + BigInt(parseInt(ch, 36)), 0n);
    const bytes = Buffer.alloc(16);
    let rest = n;
    for (let i = 15; i >= 0; i--) {
      bytes[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return Buffer.concat([Buffer.from([0]), bytes]);
  }
  const raw = Buffer.from(id, "utf8");
  if (raw.length === 0 || raw.length > 64) throw new Error("A workspace id must be 1 to 64 bytes to go into a token.");
  return Buffer.concat([Buffer.from([raw.length]), raw]);
}

function unpackWorkspace(buf: Buffer, at: number): { id: string; next: number } | null {
  const flag = buf[at];
  if (flag === undefined) return null;
  if (flag === 0) {
    if (at + 17 > buf.length) return null;
    let n = 0n;
    for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(buf[at + 1 + i]!);
    const body = n.toString(36).padStart(24, "0");
    if (body.length !== 24) return null;
    return { id: `c${body}`, next: at + 17 };
  }
  if (at + 1 + flag > buf.length) return null;
  return { id: buf.subarray(at + 1, at + 1 + flag).toString("utf8"), next: at + 1 + flag };
}

function varint(n: bigint): Buffer {
  if (n < 0n) throw new Error("Token numbers are unsigned.");
  const out: number[] = [];
  let rest = n;
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    out.push(byte);
  } while (rest > 0n);
  return Buffer.from(out);
}

function readVarint(buf: Buffer, at: number): { value: bigint; next: number } | null {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const byte = buf[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7n;
  }
  return null;
}

function mac(body: Buffer): Buffer {
  return crypto.createHmac("sha256", macKey()).update(body).digest().subarray(0, MAC_BYTES);
}

export function dayNumber(at: Date): number {
  return Math.floor((at.getTime() - EPOCH_MS) / DAY_MS);
}

export function signToken(claims: Omit<TTokenClaims, "issuedDay"> & { issuedAt?: Date }): string {
  const day = dayNumber(claims.issuedAt ?? new Date());
  const dayBytes = Buffer.alloc(2);
  dayBytes.writeUInt16BE(Math.max(0, Math.min(0xffff, day)));
  const body = Buffer.concat([
    Buffer.from([VERSION, KIND_BYTE[claims.kind]]),
    packWorkspace(claims.workspaceId),
    varint(claims.sendId),
    varint(claims.linkId),
    dayBytes,
  ]);
  return Buffer.concat([body, mac(body)]).toString("base64url");
}

/** The token's claims, or why it is refused. Never throws on what a client sends. */
export function verifyToken(token: string, expected: TTokenKind, now = new Date()): TTokenClaims | TTokenRefusal {
  const malformed: TTokenRefusal = { reason: "malformed", workspaceId: null };
  if (token.length < 16 || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return malformed;
  const buf = Buffer.from(token, "base64url");
  if (buf.length < 2 + 2 + 2 + 2 + MAC_BYTES || buf[0] !== VERSION) return malformed;
  const kind = (Object.keys(KIND_BYTE) as TTokenKind[]).find((k) => KIND_BYTE[k] === buf[1]);
  const workspace = unpackWorkspace(buf, 2);
  if (!kind || !workspace) return malformed;
  const send = readVarint(buf, workspace.next);
  const link = send && readVarint(buf, send.next);
  if (!send || !link || link.next + 2 + MAC_BYTES !== buf.length) return malformed;
  const body = buf.subarray(0, link.next + 2);
  const given = buf.subarray(link.next + 2);
  if (!crypto.timingSafeEqual(given, mac(body))) return { reason: "tampered", workspaceId: workspace.id };
  if (kind !== expected) return { reason: "wrong_kind", workspaceId: workspace.id };
  const issuedDay = buf.readUInt16BE(link.next);
  if (dayNumber(now) - issuedDay > TOKEN_TTL_DAYS) return { reason: "expired", workspaceId: workspace.id };
  return { kind, workspaceId: workspace.id, sendId: send.value, linkId: link.value, issuedDay };
}

export function isRefusal(result: TTokenClaims | TTokenRefusal): result is TTokenRefusal {
  return "reason" in result;
}
