/**
 * Smoke test of the published specs from TypeScript: one call per vendor against the RUNNING
 * sandbox (`make sandbox`), typed with the openapi-typescript output of the bundles and signed
 * with ./signing.ts. Exits 1 naming every vendor whose answer was not its success envelope.
 *
 *   npx --no-install tsc -p ts/tsconfig.json && node ts/build/smoke.js
 *
 * Environment: MEDIATASKS_SANDBOX_URL (default http://127.0.0.1:8765) and the credential
 * variables `make sandbox` prints (MEDIATASKS_ZEGO_APP_ID, ...); the defaults are the sandbox's.
 */
import type { operations as Pan123 } from "../generated/pan123.js";
import type { operations as Myun } from "../generated/myun.js";
import type { operations as Zego } from "../generated/zego.js";
import type { operations as Cdnetworks } from "../generated/cdnetworks.js";
import type { operations as Polyv } from "../generated/polyv.js";
import { cdnetworksHeaders, polyvSignature, zegoQuery } from "./signing.js";

/** The JSON body of an operation's 200 answer. */
type Answer<Op> = Op extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;
/** The JSON request body of an operation. */
type JsonBody<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
/** The query parameters of an operation. */
type Query<Op> = Op extends { parameters: { query: infer Q } } ? Q : never;

const env = process.env;
const base = (env.MEDIATASKS_SANDBOX_URL ?? "http://127.0.0.1:8765").replace(/\/+$/, "");
const credentials = {
  pan123ClientId: env.MEDIATASKS_PAN123_CLIENT_ID ?? "sandbox-client-id",
  pan123ClientSecret: env.MEDIATASKS_PAN123_CLIENT_SECRET ?? "sandbox-client-secret",
  zegoAppId: env.MEDIATASKS_ZEGO_APP_ID ?? "1234567890",
  zegoServerSecret: env.MEDIATASKS_ZEGO_SERVER_SECRET ?? "00112233445566778899aabbccddeeff",
  polyvAppId: env.MEDIATASKS_POLYV_APP_ID ?? "sandboxApp1",
  polyvSecret: env.MEDIATASKS_POLYV_SECRET ?? "sandbox-polyv-secret",
  cdnAccessKey: env.MEDIATASKS_CDNETWORKS_ACCESS_KEY ?? "sandbox-access-key",
  cdnSecretKey: env.MEDIATASKS_CDNETWORKS_SECRET_KEY ?? "sandbox-secret-key",
};
const myunToken = env.MEDIATASKS_MYUN_TOKEN;
const TIMEOUT_MS = 10_000;

/** Success codes from each spec's `x-envelope.success-codes`. */
const SUCCESS = { pan123: 0, myun: 1000, zego: 0, cdnetworks: 200, polyv: 200 } as const;
type Vendor = keyof typeof SUCCESS;

class SmokeFailure extends Error {}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** POST/GET and parse JSON; anything but HTTP 200 with a JSON object is a failure. */
async function call<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? ` (${String(error.cause)})` : "";
    throw new SmokeFailure(`${init.method ?? "GET"} ${url}: ${String(error)}${cause}`);
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new SmokeFailure(`${url}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SmokeFailure(`${url}: answer is not JSON: ${text.slice(0, 300)}`);
  }
}

function expectCode(vendor: Vendor, step: string, code: unknown, answer: unknown): void {
  if (code !== SUCCESS[vendor]) {
    throw new SmokeFailure(`${step}: code ${String(code)}, expected ${SUCCESS[vendor]}: ${JSON.stringify(answer).slice(0, 300)}`);
  }
}

async function pan123(): Promise<string> {
  const root = `${base}/pan123`;
  const headers = { Platform: "open_platform", "Content-Type": "application/json" };
  const tokenBody: JsonBody<Pan123["getAccessToken"]> = {
    clientID: credentials.pan123ClientId,
    clientSecret: credentials.pan123ClientSecret,
  };
  const token = await call<Answer<Pan123["getAccessToken"]>>(`${root}/api/v1/access_token`, {
    method: "POST", headers, body: JSON.stringify(tokenBody),
  });
  expectCode("pan123", "getAccessToken", token.code, token);
  const accessToken = token.data?.accessToken;
  if (!accessToken) throw new SmokeFailure(`getAccessToken: no data.accessToken`);
  const recordBody: JsonBody<Pan123["getTranscodeVideoRecord"]> = { fileId: 2875008 };
  const record = await call<Answer<Pan123["getTranscodeVideoRecord"]>>(`${root}/api/v1/transcode/video/record`, {
    method: "POST", headers: { ...headers, Authorization: `Bearer ${accessToken}` }, body: JSON.stringify(recordBody),
  });
  expectCode("pan123", "getTranscodeVideoRecord", record.code, record);
  const records = record.data?.UserTranscodeVideoRecordList ?? [];
  return `token, then ${records.length} transcode record(s) of file ${recordBody.fileId}`;
}

async function myun(): Promise<string> {
  const root = `${base}/myun/transcoding/api`;
  const auth: Record<string, string> = myunToken ? { Authorization: `Bearer ${myunToken}` } : {};
  const createBody: JsonBody<Myun["createTranscode"]> = {
    origin_url: "https://media.example.com/uploads/smoke-ts.mp4",
    task_config_temp_id: 3,
  };
  const created = await call<Answer<Myun["createTranscode"]>>(`${root}/create-transcode`, {
    method: "POST", headers: { "Content-Type": "application/json", ...auth }, body: JSON.stringify(createBody),
  });
  expectCode("myun", "createTranscode", created.errcode, created);
  if (!created.id) throw new SmokeFailure(`createTranscode: no id in the answer`);
  const query: Query<Myun["getTranscode"]> = { id: created.id };
  const got = await call<Answer<Myun["getTranscode"]>>(`${root}/get-transcode?${new URLSearchParams(query)}`, {
    method: "GET", headers: auth,
  });
  expectCode("myun", "getTranscode", got.errcode, got);
  return `created ${created.id}, then read it back (status ${String(got.transcoding?.status)})`;
}

async function zego(): Promise<string> {
  const body: JsonBody<Zego["describeRecordStatus"]> = { TaskId: "X3CgNeE4I1qAAABN" };
  const action: Query<Zego["describeRecordStatus"]>["Action"] = "DescribeRecordStatus";
  const query = new URLSearchParams({ Action: action, ...zegoQuery(credentials.zegoAppId, credentials.zegoServerSecret, nowSeconds()) });
  const answer = await call<Answer<Zego["describeRecordStatus"]>>(`${base}/zego/?${query}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  expectCode("zego", "describeRecordStatus", answer.Code, answer);
  return `task ${body.TaskId}: status ${String(answer.Data?.Status)}`;
}

async function cdnetworks(): Promise<string> {
  const url = new URL(`${base}/cdnetworks/vod/videoManage/videoClipQuery`);
  const body: JsonBody<Cdnetworks["getTrimmingTaskStatus"]> = { transNo: "036b6f4a01611000a79c3a7800000000" };
  const raw = JSON.stringify(body);
  const contentType = "application/json; charset=utf-8";
  const signed = cdnetworksHeaders(credentials.cdnAccessKey, credentials.cdnSecretKey, nowSeconds(), {
    method: "POST", path: url.pathname, query: "", contentType, host: url.host, body: raw,
  });
  const answer = await call<Answer<Cdnetworks["getTrimmingTaskStatus"]>>(url.toString(), {
    method: "POST", headers: { "Content-Type": contentType, ...signed }, body: raw,
  });
  expectCode("cdnetworks", "getTrimmingTaskStatus", answer.code, answer);
  return `transNo ${body.transNo}: status ${String(answer.data?.status)}`;
}

async function polyv(): Promise<string> {
  const business: Query<Polyv["getSourceFileTask"]> = { taskId: "16661c08b9564c1ea6f4544ccd568e58" };
  const params: Record<string, string> = { ...business, appId: credentials.polyvAppId, timestamp: String(Date.now()) };
  params.sign = polyvSignature(params, credentials.polyvSecret);
  const answer = await call<Answer<Polyv["getSourceFileTask"]>>(
    `${base}/polyv/v3/video/source-file-task/get?${new URLSearchParams(params)}`, { method: "GET" },
  );
  expectCode("polyv", "getSourceFileTask", answer.code, answer);
  return `task ${business.taskId}: ${(answer.data ?? []).map((entry) => entry.status).join(", ")}`;
}

const checks: Record<Vendor, () => Promise<string>> = { pan123, myun, zego, cdnetworks, polyv };

async function main(): Promise<number> {
  console.log(`smoke: ${base}`);
  const failed: Vendor[] = [];
  for (const [vendor, check] of Object.entries(checks) as [Vendor, () => Promise<string>][]) {
    try {
      console.log(`ok    ${vendor.padEnd(11)} ${await check()}`);
    } catch (error) {
      failed.push(vendor);
      const reason = error instanceof SmokeFailure ? error.message : String(error);
      console.error(`FAIL  ${vendor.padEnd(11)} ${reason}`);
    }
  }
  if (failed.length > 0) {
    console.error(`smoke: failed for ${failed.join(", ")}`);
    return 1;
  }
  console.log("smoke: all 5 vendors answered with their success code");
  return 0;
}

process.exitCode = await main();
