// Generates throwaway TLS material with openssl: a CA, a broker certificate
// (SAN DNS:localhost, IP:127.0.0.1) and a client certificate for the mTLS listener.
// All keys are unencrypted PKCS#8 PEM; Kafka reads them with ssl.keystore.type=PEM.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TlsMaterial {
  dir: string;
  /** CA certificate (trust anchor for clients and for the mTLS listener) */
  caPem: string;
  /** broker key + certificate chain in one file (Kafka PEM keystore) */
  brokerKeystorePem: string;
  brokerCertPem: string;
  brokerKeyPem: string;
  /** client certificate (CN=lk-client) signed by the CA, and its key */
  clientCertPem: string;
  clientKeyPem: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${err.stderr?.toString() || err.message}`);
  }
}

function key(cwd: string, file: string): void {
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file], cwd);
}

/** Creates `<name>.key` and `<name>.pem`, a leaf certificate for `subject` signed by the CA in `dir`. */
function issue(dir: string, name: string, subject: string, extensions: string, days: string): void {
  fs.writeFileSync(
    path.join(dir, `${name}.ext`),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n${extensions}`,
  );
  key(dir, `${name}.key`);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  const sign = ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'];
  openssl([...sign, '-days', days, '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

export function generateTls(dir: string): TlsMaterial {
  fs.mkdirSync(dir, { recursive: true });
  const days = '3650';
  // CA
  key(dir, 'ca.key');
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      days,
      '-subj',
      '/CN=lk-test-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'ca.pem',
    ],
    dir,
  );
  issue(
    dir,
    'broker',
    '/CN=localhost',
    'extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
    days,
  );
  issue(dir, 'client', '/CN=lk-client', 'extendedKeyUsage=clientAuth\n', days);
  // Kafka PEM keystore: private key followed by the certificate chain
  const keystore = path.join(dir, 'broker-keystore.pem');
  fs.writeFileSync(
    keystore,
    fs.readFileSync(path.join(dir, 'broker.key'), 'utf8') +
      fs.readFileSync(path.join(dir, 'broker.pem'), 'utf8') +
      fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
  );
  return {
    dir,
    caPem: path.join(dir, 'ca.pem'),
    brokerKeystorePem: keystore,
    brokerCertPem: path.join(dir, 'broker.pem'),
    brokerKeyPem: path.join(dir, 'broker.key'),
    clientCertPem: path.join(dir, 'client.pem'),
    clientKeyPem: path.join(dir, 'client.key'),
  };
}
