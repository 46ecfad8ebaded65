/**
 * Request signing for the vendors that sign, written from the `x-signing` steps of the specs
 * (and VENDORS.md) with nothing but node:crypto: proof that another language can sign from the
 * published documents alone. signing.test.ts checks every function against the spec's vectors.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";

/** ZEGO `zego-md5-v2`: lowercase hex MD5 of AppId + SignatureNonce + ServerSecret + Timestamp. */
export function zegoSignature(
  appId: number | string,
  nonce: string,
  serverSecret: string,
  timestamp: number,
): string {
  const toSign = `${appId}${nonce}${serverSecret}${timestamp}`;
  return createHash("md5").update(toSign, "utf8").digest("hex");
}

/** A fresh ZEGO SignatureNonce: 8 random bytes as 16 lowercase hex characters. */
export function zegoNonce(): string {
  return randomBytes(8).toString("hex");
}

/** The five common query parameters of a signed ZEGO call (besides `Action`). */
export function zegoQuery(
  appId: number | string,
  serverSecret: string,
  nowSeconds: number,
  nonce: string = zegoNonce(),
): Record<string, string> {
  return {
    AppId: String(appId),
    SignatureNonce: nonce,
    Timestamp: String(nowSeconds),
    SignatureVersion: "2.0",
    Signature: zegoSignature(appId, nonce, serverSecret, nowSeconds),
  };
}

/** Polyv's string to sign: secret + sorted non-empty `key value` pairs (no `sign`) + secret. */
export function polyvStringToSign(
  params: Readonly<Record<string, string | null | undefined>>,
  secret: string,
): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => {
      const [key, value] = entry;
      return key !== "sign" && value !== null && value !== undefined && value !== "";
    })
    // Keys are ASCII, where UTF-16 code-unit order equals the byte order the rule asks for.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}${value}`)
    .join("");
  return `${secret}${pairs}${secret}`;
}

/** Polyv `polyv-md5-subaccount`: uppercase hex MD5 of {@link polyvStringToSign}. */
export function polyvSignature(
  params: Readonly<Record<string, string | null | undefined>>,
  secret: string,
): string {
  return createHash("md5").update(polyvStringToSign(params, secret), "utf8").digest("hex").toUpperCase();
}

/** What the CDNetworks WS3 signature covers: exactly what goes on the wire. */
export interface CdnetworksRequest {
  method: string;
  /** Path as sent, without the query (includes any sandbox prefix). */
  path: string;
  /** Query string as sent without `?`; empty for POST. */
  query: string;
  contentType: string;
  host: string;
  body: string | Uint8Array;
}

const sha256Hex = (data: string | Uint8Array): string =>
  createHash("sha256").update(data).digest("hex");

/** CanonicalRequest of `cdnetworks-ws3-hmac-sha256` (signed headers: content-type;host). */
export function cdnetworksCanonicalRequest(request: CdnetworksRequest): string {
  const canonicalHeaders = `content-type:${request.contentType}\nhost:${request.host}\n`;
  return [
    request.method.toUpperCase(),
    request.path,
    request.query,
    canonicalHeaders,
    "content-type;host",
    sha256Hex(request.body),
  ].join("\n");
}

/** Hex HMAC-SHA256 (keyed with the SecretKey) of `WS3-HMAC-SHA256\n<ts>\n<sha256(canonical)>`. */
export function cdnetworksSignature(secretKey: string, timestamp: string, canonical: string): string {
  const stringToSign = `WS3-HMAC-SHA256\n${timestamp}\n${sha256Hex(canonical)}`;
  return createHmac("sha256", secretKey).update(stringToSign, "utf8").digest("hex");
}

/** The three headers the signer adds; Content-Type and Host must be sent as signed. */
export function cdnetworksHeaders(
  accessKey: string,
  secretKey: string,
  nowSeconds: number,
  request: CdnetworksRequest,
): Record<string, string> {
  const timestamp = String(nowSeconds);
  const signature = cdnetworksSignature(secretKey, timestamp, cdnetworksCanonicalRequest(request));
  return {
    "X-WS-AccessKey": accessKey,
    "X-WS-Timestamp": timestamp,
    Authorization: `WS3-HMAC-SHA256 Credential=${accessKey}, SignedHeaders=content-type;host, Signature=${signature}`,
  };
}
