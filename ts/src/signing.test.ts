/**
 * The TypeScript signers against the test vectors of the specs' `x-signing` (VENDORS.md).
 * Run: `npx --no-install tsc -p ts/tsconfig.json && node --test ts/build/`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cdnetworksCanonicalRequest,
  cdnetworksHeaders,
  cdnetworksSignature,
  polyvSignature,
  polyvStringToSign,
  zegoNonce,
  zegoQuery,
  zegoSignature,
} from "./signing.js";

const zegoVectors = [
  { appId: 12345, nonce: "4fd24687296dd9f3", secret: "9193cc662a4c0ec135ec71fb57194b38", ts: 1615186943, expected: "43e5cfcca828314675f91b001390566a" },
  { appId: 1234567890, nonce: "0123456789abcdef", secret: "00112233445566778899aabbccddeeff", ts: 1700000000, expected: "408599f97774ba146aa777f429d0514c" },
  { appId: 3751204520, nonce: "a1b2c3d4e5f60718", secret: "fa3d9a1bd6c2e4a75f4b7e8c1d2e3f40", ts: 1735689600, expected: "7bb9964bfe26324b1c0bdbe1285a437e" },
];

test("zego md5 v2 matches every vector", () => {
  for (const v of zegoVectors) {
    assert.equal(zegoSignature(v.appId, v.nonce, v.secret, v.ts), v.expected);
  }
});

test("zego query carries the signed nonce and timestamp and version 2.0", () => {
  const v = zegoVectors[1]!;
  assert.deepEqual(zegoQuery(v.appId, v.secret, v.ts, v.nonce), {
    AppId: "1234567890",
    SignatureNonce: v.nonce,
    Timestamp: "1700000000",
    SignatureVersion: "2.0",
    Signature: v.expected,
  });
  assert.match(zegoNonce(), /^[0-9a-f]{16}$/);
  assert.notEqual(zegoNonce(), zegoNonce());
});

const polyvVectors: { params: Record<string, string>; secret: string; toSign: string; expected: string }[] = [
  {
    params: { appId: "a0Wmol5EwX", timestamp: "1617950661602", taskId: "16661c08b9564c1ea6f4544ccd568e58" },
    secret: "abc",
    toSign: "abcappIda0Wmol5EwXtaskId16661c08b9564c1ea6f4544ccd568e58timestamp1617950661602abc",
    expected: "F9F298D5569C084D158A38766D4129A8",
  },
  {
    params: { appId: "a0Wmol5EwX", timestamp: "1617950661602", taskId: "16661c08b9564c1ea6f4544ccd568e58", expireDays: "1" },
    secret: "abc",
    toSign: "abcappIda0Wmol5EwXexpireDays1taskId16661c08b9564c1ea6f4544ccd568e58timestamp1617950661602abc",
    expected: "A96C2DEF699EEE4DFC21DF108C5FCC12",
  },
  {
    params: { ts: "1552447784505", userId: "e6b23c6f51", videoId: "e6b23c6f51c4b1cb9f0302a92ed42440_e", viewerId: "abcd1234", viewerIp: "127.0.0.1" },
    secret: "abc",
    toSign: "abcts1552447784505userIde6b23c6f51videoIde6b23c6f51c4b1cb9f0302a92ed42440_eviewerIdabcd1234viewerIp127.0.0.1abc",
    expected: "166D45560D37DDBF0F05081D975231B5",
  },
  {
    params: {
      appId: "a0Wmol5EwX",
      timestamp: "1617950661602",
      vids: "1b448be32370f4822ac40fd926112a66_1,1b448be32305bb29879b1eb06abd9fa1_1",
      expireDays: "1",
      sign: "",
    },
    secret: "fsq2k5weced1h8vui657xtdva66whf0g",
    toSign:
      "fsq2k5weced1h8vui657xtdva66whf0gappIda0Wmol5EwXexpireDays1timestamp1617950661602vids1b448be32370f4822ac40fd926112a66_1,1b448be32305bb29879b1eb06abd9fa1_1fsq2k5weced1h8vui657xtdva66whf0g",
    expected: "94194EF2CFE8A21EB26497E62C7644CD",
  },
];

test("polyv md5 matches every vector, string to sign included", () => {
  for (const v of polyvVectors) {
    assert.equal(polyvStringToSign(v.params, v.secret), v.toSign);
    assert.equal(polyvSignature(v.params, v.secret), v.expected);
  }
});

test("polyv skips sign, null and empty values", () => {
  const base = polyvVectors[0]!;
  assert.equal(polyvSignature({ ...base.params, sign: "WHATEVER", extra: "", other: null }, base.secret), base.expected);
});

const cdnShared = { method: "POST", path: "/vod/videoManage/videoClipQuery", query: "", host: "api.cloudv.haplat.net" };
const cdnVectors = [
  {
    contentType: "application/json; charset=utf-8",
    body: '{"transNo":"036b6f4a01611000a79c3a7800000000"}',
    canonicalSha256: "0548e90b42335b041d09c3993249271c8d2e910e476f0ea2cbc14ac2a890b931",
    expected: "24270e09d3a2830c08492915a66c14b0b3b79d9820c03702f53332bc696e88ba",
  },
  {
    contentType: "application/x-www-form-urlencoded; charset=utf-8",
    body: "transNo=036b6f4a01611000a79c3a7800000000",
    canonicalSha256: "a9a9bb73cc024ff229529f5086b647ef1f9b044ca92841aeeac02a1e2b90034a",
    expected: "522a2cb224e514c404b85591c8ccfc22babdb945c46674c2bfc41de89f225456",
  },
];

test("cdnetworks WS3-HMAC-SHA256 matches every vector", async () => {
  const { createHash } = await import("node:crypto");
  for (const v of cdnVectors) {
    const canonical = cdnetworksCanonicalRequest({ ...cdnShared, contentType: v.contentType, body: v.body });
    assert.equal(createHash("sha256").update(canonical).digest("hex"), v.canonicalSha256);
    assert.equal(cdnetworksSignature("EXAMPLESECRETKEY0123456789", "1564645579", canonical), v.expected);
  }
});

test("cdnetworks headers put the signature in a WS3 Authorization header", () => {
  const v = cdnVectors[0]!;
  const headers = cdnetworksHeaders("AK1", "EXAMPLESECRETKEY0123456789", 1564645579, {
    ...cdnShared,
    contentType: v.contentType,
    body: new TextEncoder().encode(v.body),
  });
  assert.deepEqual(headers, {
    "X-WS-AccessKey": "AK1",
    "X-WS-Timestamp": "1564645579",
    Authorization: `WS3-HMAC-SHA256 Credential=AK1, SignedHeaders=content-type;host, Signature=${v.expected}`,
  });
});
