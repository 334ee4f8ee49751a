#!/usr/bin/env node
// chdb-endpoint: the ClickHouse HTTP interface in front of chDB (the ClickHouse engine as a library).
//
// What this is: a DEVELOPMENT AND TEST STAND-IN for a ClickHouse server, so the pipeline, its tests
// and the local run talk to the real ClickHouse engine (same SQL, table engines and formats)
// through the real ClickHouse JDBC driver, on a machine without Docker or a ClickHouse install.
// Production uses a real ClickHouse server, with the same JDBC URL shape.
//
// What it is not: a server. There is ONE chDB session for the whole process and requests run one
// at a time (settings and the current database are session-wide, so they must not interleave).
// There is no authentication (user and password are ignored), results are buffered whole, and
// session_id gives no isolation. Bind it to loopback only. Not for production.
//
// Usage: node server.js --port N --data DIR [--host 127.0.0.1]
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const { Session } = require('chdb');

const args = parseArgs(process.argv.slice(2));
const session = new Session(args.data);
// An INSERT's data goes to the engine from a file, as the bytes that came (see insertFromFile).
const spool = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'chdb-endpoint-spool-'));

// URL parameters of the HTTP interface itself; every other one (bar param_*) is a setting.
const HTTP_PARAMS = new Set([
  'query', 'database', 'default_format', 'user', 'password', 'query_id', 'session_id',
  'session_timeout', 'compress', 'decompress', 'enable_http_compression', 'wait_end_of_query',
  'buffer_size',
]);

// Settings and the current database are session-wide, so requests are serialized on one chain.
let queue = Promise.resolve();
function serialized(task) {
  const run = queue.then(task);
  queue = run.catch(() => {});
  return run;
}

// An error raised here rather than by the engine, worded the way the engine words its own.
function clickhouseError(code, name, message, status = 500) {
  return Object.assign(new Error(`Code: ${code}. DB::Exception: ${message}. (${name})`), {
    clickhouseCode: code,
    status,
  });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    res.writeHead(e.status ?? 500, {
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Exception-Code': String(e.clickhouseCode ?? 1002), // 1002: UNKNOWN_EXCEPTION
      'X-ClickHouse-Server-Display-Name': 'chdb-endpoint',
    });
    res.end(e.message.endsWith('\n') ? e.message : e.message + '\n');
  });
});

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const p = url.searchParams;
  if (url.pathname === '/ping' || (url.pathname === '/' && req.method !== 'POST' && !p.has('query'))) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
    return res.end('Ok.\n');
  }
  if (url.pathname !== '/') {
    throw clickhouseError(1002, 'UNKNOWN_EXCEPTION', `There is no handle ${url.pathname}`, 404);
  }
  for (const name of ['compress', 'decompress']) {
    if (['1', 'true'].includes(p.get(name))) {
      throw clickhouseError(89, 'UNKNOWN_COMPRESSION_METHOD',
        `chdb-endpoint does not support ClickHouse-native compression; use ${name}=0`);
    }
  }
  const body = decode(req.headers['content-encoding'], await readBody(req));
  // As in ClickHouse: with a `query` parameter, the body is its data (e.g. rows for an INSERT).
  // An INSERT's data is handed over as the bytes sent, from a file: as SQL text it would be
  // decoded as UTF-8 (corrupting binary formats) and chDB ends inline data at the first empty
  // line, silently.
  const dataFile = p.has('query') && body.length > 0 ? insertFromFile(p.get('query')) : null;
  const sql = dataFile
    ? dataFile.sql
    : p.has('query') ? p.get('query') + '\n' + body.toString('utf8') : body.toString('utf8');
  const database = req.headers['x-clickhouse-database'] || p.get('database') || 'default';
  const format = req.headers['x-clickhouse-format'] || p.get('default_format') || 'TabSeparated';
  const queryId = req.headers['x-clickhouse-query-id'] || p.get('query_id') || crypto.randomUUID();
  const settings = [];
  const params = {};
  for (const [name, value] of p) {
    if (name.startsWith('param_')) params[name.slice('param_'.length)] = value;
    else if (!HTTP_PARAMS.has(name)) settings.push([settingName(name), value]);
  }
  const isInsert = /^\s*INSERT\b/i.test(sql);

  if (dataFile) fs.writeFileSync(dataFile.file, body);
  const { result, written } = await serialized(async () => {
    await useRequestState(database, settings);
    // chDB reports no written rows; as requests run one at a time, the change in the
    // process-wide insert counters is this INSERT's (the JDBC driver makes update counts of it).
    const before = isInsert ? await insertCounters() : [0, 0];
    lastCounters = null;
    const result = Object.keys(params).length > 0
      ? await session.queryBindAsync(sql, params, { format })
      : await session.queryAsync(sql, { format });
    if (!isInsert) return { result, written: [0, 0] };
    const after = await insertCounters(true);
    return { result, written: after.map((v, i) => v - before[i]) };
  }).finally(() => dataFile && fs.rmSync(dataFile.file, { force: true }));

  const bytes = Buffer.from(result.bytes());
  const actualFormat = isInsert ? format : formatClause(sql) ?? format;
  res.writeHead(200, {
    'Content-Type': contentType(actualFormat),
    'X-ClickHouse-Format': actualFormat,
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Timezone': 'UTC',
    'X-ClickHouse-Server-Display-Name': 'chdb-endpoint',
    'X-ClickHouse-Summary': JSON.stringify({
      read_rows: String(result.rowsRead),
      read_bytes: String(result.bytesRead),
      written_rows: String(written[0]),
      written_bytes: String(written[1]),
      total_rows_to_read: '0',
      result_rows: '0',
      result_bytes: String(bytes.length),
      elapsed_ns: String(Math.round(result.elapsed * 1e9)),
    }),
  });
  res.end(bytes);
}

// The session's current database and the settings requests have set in it. Each request runs
// with its own settings only (one given on a request must not leak into the next), so the session
// is brought to exactly those; only what differs from the previous request costs a query, which
// matters because every batch a sink writes is a request.
let currentDatabase = null;
const sessionSettings = new Map();

async function useRequestState(database, settings) {
  if (database !== currentDatabase) {
    currentDatabase = null;
    await session.queryAsync(`USE ${quoteIdentifier(database)}`);
    currentDatabase = database;
  }
  const wanted = new Map(settings);
  for (const name of [...sessionSettings.keys()]) {
    if (!wanted.has(name)) {
      await session.queryAsync(`SET ${name} = DEFAULT`);
      sessionSettings.delete(name);
    }
  }
  for (const [name, value] of wanted) {
    if (sessionSettings.get(name) !== value) {
      // Forgotten first: if the SET fails, the session's value is unknown and is reset next time.
      sessionSettings.set(name, undefined);
      await session.queryAsync(`SET ${name} = ${literal(value)}`);
      sessionSettings.set(name, value);
    }
  }
}

// The insert counters after the last INSERT, while no other request has run since: background
// merges do not count as inserted rows, so they are still the counters before the next INSERT.
let lastCounters = null;

async function insertCounters(remember = false) {
  if (lastCounters && !remember) return lastCounters;
  const r = await session.queryAsync(
    "SELECT sumIf(value, event = 'InsertedRows'), sumIf(value, event = 'InsertedBytes') FROM system.events",
    { format: 'JSONCompactEachRow' });
  const counters = r.json().map(Number);
  if (remember) lastCounters = counters;
  return counters;
}

// `INSERT INTO t [(columns)] FORMAT f` or `... VALUES` with its data in the request body, as the
// same INSERT reading the data from a spool file (null for any other query: its body is SQL).
let spooled = 0;
function insertFromFile(query) {
  const m = /^\s*(INSERT\s+INTO\s+[\s\S]+?)\s+(?:FORMAT\s+(\w+)|(VALUES))\s*;?\s*$/i.exec(query);
  if (!m) return null;
  const file = path.join(spool, `insert-${process.pid}-${++spooled}.data`);
  const format = m[2] ?? 'Values';
  return { file, sql: `${m[1]} FROM INFILE '${file}' FORMAT ${format}` };
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function decode(encoding = 'identity', buf) {
  switch (encoding.toLowerCase()) {
    case 'identity': return buf;
    case 'gzip': return zlib.gunzipSync(buf);
    case 'deflate': return zlib.inflateSync(buf);
    default: throw clickhouseError(89, 'UNKNOWN_COMPRESSION_METHOD',
      `Unsupported Content-Encoding '${encoding}': chdb-endpoint accepts gzip and deflate`);
  }
}

// Setting names end up in SQL text, so only plain identifiers pass.
function settingName(name) {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  throw clickhouseError(115, 'UNKNOWN_SETTING', `Unknown setting '${name}'`);
}

function quoteIdentifier(name) {
  return '`' + name.replace(/[\\`]/g, (c) => '\\' + c) + '`';
}

function literal(value) {
  return /^-?\d+(\.\d+)?$/.test(value) ? value : `'${value.replace(/[\\']/g, (c) => '\\' + c)}'`;
}

// A FORMAT clause ending the query wins over the requested format, in chDB as in ClickHouse.
function formatClause(sql) {
  return /\bFORMAT\s+(\w+)\s*;?\s*$/i.exec(sql)?.[1];
}

function contentType(format) {
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(RowBinary|Native|Parquet|Arrow|ORC|Avro|Protobuf|MsgPack|CapnProto|BSON)/i.test(format)) {
    return 'application/octet-stream';
  }
  return 'text/plain; charset=UTF-8';
}

function parseArgs(argv) {
  const out = { host: '127.0.0.1' };
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!out.port || !out.data) {
    console.error('usage: node server.js --port N --data DIR [--host 127.0.0.1]');
    process.exit(2);
  }
  return out;
}

function shutdown() {
  server.close();
  fs.rmSync(spool, { recursive: true, force: true });
  session.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(Number(args.port), args.host, async () => {
  const version = (await session.queryAsync('SELECT version()', { format: 'TSVRaw' })).text().trim();
  console.log(`chdb-endpoint listening on http://${args.host}:${args.port} (data ${args.data}, engine ${version})`);
});
