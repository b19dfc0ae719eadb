/**
 * The PEM side of Go's tls.X509KeyPair, which `kubectl create secret tls` runs on its inputs:
 * the certificate file must hold a CERTIFICATE block and the key file a `... PRIVATE KEY` block,
 * with Go's error messages when they do not. The DER inside is not parsed, so a certificate
 * that does not match its key is not noticed here.
 */
import { base64Error } from '../util/go-base64.ts';

/** The types of the well-formed PEM blocks in `text`, in order (as pem.Decode finds them). */
export function pemBlockTypes(text: string): string[] {
  const types: string[] = [];
  const block = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)(?:^|\n)-----END \1-----/g;
  for (const match of text.matchAll(block)) {
    const body = match[2]
      .split('\n')
      .filter((line) => !line.includes(':'))
      .join('')
      .replace(/\s/g, '');
    if (base64Error(body) === undefined) types.push(match[1]);
  }
  return types;
}

const list = (types: string[]) => `[${types.join(' ')}]`;

/** X509KeyPair's error for this certificate and key text, or undefined when the PEM is right. */
export function keyPairError(certPem: string, keyPem: string): string | undefined {
  const certTypes = pemBlockTypes(certPem);
  if (!certTypes.includes('CERTIFICATE')) {
    if (certTypes.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (certTypes.length === 1 && certTypes[0].endsWith('PRIVATE KEY')) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${list(certTypes)}`;
  }
  const skipped: string[] = [];
  for (const type of pemBlockTypes(keyPem)) {
    if (type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY')) return undefined;
    skipped.push(type);
  }
  if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
  if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') {
    return 'tls: found a certificate rather than a key in the PEM for the private key';
  }
  return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: ${list(skipped)}`;
}
