#!/usr/bin/env node
// Verifies a citizen (1:1) against egov-server with a standard non-.NET gRPC client: @grpc/grpc-js and
// @grpc/proto-loader, the published .proto files (src/EGov.Biometrics.Contracts/Protos), TLS with the server's
// certificate pinned. Prints the decision as one line of JSON; exit 0 for a decision (match or not), 1 for an error.
//
//   node verify.mjs --server https://127.0.0.1:5001 --ca data/demo/server.crt --api-key KEY \
//                   --pinfl 30000000000001 --image photo.jpg [--desk desk-7]
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = dirname(fileURLToPath(import.meta.url));
const protos = join(here, '..', '..', 'src', 'EGov.Biometrics.Contracts', 'Protos');
// google/api/annotations.proto (the REST routes' options) ships with protobufjs, which proto-loader is built on.
const googleApi = dirname(createRequire(import.meta.url).resolve('protobufjs/package.json'));

const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.EGOV_SERVER ?? 'https://127.0.0.1:5001' },
    ca: { type: 'string' },
    'api-key': { type: 'string', default: process.env.EGOV_API_KEY },
    pinfl: { type: 'string' },
    image: { type: 'string' },
    desk: { type: 'string', default: 'node-client' },
  },
});
for (const name of ['ca', 'api-key', 'pinfl', 'image']) {
  if (!args[name]) fail(`--${name} is required`);
}

const definition = protoLoader.loadSync('egov/biometrics/v1/verification.proto', {
  includeDirs: [protos, googleApi],
  keepCase: true, // field names as in the .proto: pinfl, probe.image, liveness_failed
  longs: String,
  defaults: true,
  oneofs: true,
});
const { Verification } = grpc.loadPackageDefinition(definition).egov.biometrics.v1;

// Trust exactly the server's certificate (self-signed in the demo) and check that the server presents that very one.
const pem = readFileSync(args.ca);
const pinned = new X509Certificate(pem).fingerprint256;
const credentials = grpc.credentials.createSsl(pem, null, null, {
  checkServerIdentity: (_host, certificate) =>
    certificate.fingerprint256 === pinned ? undefined : new Error(`the server's certificate ${certificate.fingerprint256} is not the pinned ${pinned}`),
});

// An IP address is no TLS server name (RFC 6066): the pin, not the name, identifies the server.
const { host, hostname } = new URL(args.server);
const options = isIP(hostname.replace(/^\[|\]$/g, '')) ? { 'grpc.ssl_target_name_override': 'localhost' } : {};
const client = new Verification(host, credentials, options);
const metadata = new grpc.Metadata();
metadata.set('x-api-key', args['api-key']);
metadata.set('x-desk-id', args.desk);
const request = { pinfl: args.pinfl, probe: { image: readFileSync(args.image) } };

client.Verify(request, metadata, { deadline: Date.now() + 60_000 }, (error, response) => {
  client.close();
  if (error) fail(`${grpc.status[error.code]}: ${error.details}`);
  const { match, enrolled, liveness_failed, active_check_failed, decision_id } = response;
  console.log(JSON.stringify({ match, enrolled, liveness_failed, active_check_failed, decision_id }));
});

function fail(message) {
  console.error(`verify.mjs: ${message}`);
  process.exit(1);
}
