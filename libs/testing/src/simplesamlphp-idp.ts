import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { expectEventually } from './expect-eventually';

const run = promisify(execFile);

/** Debian's package (`apt-get install simplesamlphp php-xml php-mbstring`), installed by .ci/run. */
const SIMPLESAMLPHP_WWW = '/usr/share/simplesamlphp/www';

export interface IdpUser {
  username: string;
  password: string;
  attributes: Record<string, string[]>;
}

/** What the IdP posts back through the browser: the form its page would submit. */
export interface IdpAnswer {
  acsUrl: string;
  SAMLResponse: string;
  RelayState?: string;
  /** The cookies this browser holds (both sites are 127.0.0.1), as it would send them to the ACS. */
  cookie: string;
}

/**
 * SimpleSAMLphp — an identity provider we did not write — run from Debian's package with PHP's
 * built-in server on 127.0.0.1, configured in a temporary directory: users with a password
 * (exampleauth:UserPass), an RSA signing key made by openssl, and the service providers the test
 * registers. Driven over HTTP the way a browser would, without one.
 */
export class SimpleSamlIdp {
  private constructor(
    private readonly dir: string,
    private readonly server: ChildProcess,
    readonly baseUrl: string,
    /** The private key the IdP signs with: tests use it to sign responses the IdP would not make. */
    readonly signingKeyPem: string,
    readonly certificatePem: string,
  ) {}

  get entityId(): string {
    return `${this.baseUrl}/idp`;
  }

  get metadataUrl(): string {
    return `${this.baseUrl}/saml2/idp/metadata.php`;
  }

  static async start(users: IdpUser[]): Promise<SimpleSamlIdp> {
    for (const tool of ['php', 'openssl']) {
      await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
        throw new Error(
          `${tool} is missing: npm test installs it when run as root (see tools/system-packages.mjs)`,
        );
      });
    }
    if (!existsSync(SIMPLESAMLPHP_WWW))
      throw new Error(
        'SimpleSAMLphp is missing: apt-get install simplesamlphp php-xml php-mbstring',
      );
    const dir = await mkdtemp(join(tmpdir(), 'coffer-idp-'));
    for (const sub of ['config', 'metadata', 'cert', 'tmp', 'sessions'])
      await mkdir(join(dir, sub));
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=coffer-test-idp',
      '-keyout',
      join(dir, 'cert', 'idp.pem'),
      '-out',
      join(dir, 'cert', 'idp.crt'),
    ]);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    await writeFile(join(dir, 'config', 'config.php'), configPhp(dir, baseUrl));
    await writeFile(join(dir, 'config', 'authsources.php'), authsourcesPhp(users));
    await writeFile(join(dir, 'metadata', 'saml20-idp-hosted.php'), idpHostedPhp(baseUrl));
    await writeFile(join(dir, 'metadata', 'saml20-sp-remote.php'), spRemotePhp([]));
    const server = spawn(
      'php',
      [
        '-d',
        `session.save_path=${join(dir, 'sessions')}`,
        '-S',
        `127.0.0.1:${port}`,
        '-t',
        SIMPLESAMLPHP_WWW,
      ],
      { env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: join(dir, 'config') }, stdio: 'ignore' },
    );
    const idp = new SimpleSamlIdp(
      dir,
      server,
      baseUrl,
      await readFile(join(dir, 'cert', 'idp.pem'), 'utf8'),
      await readFile(join(dir, 'cert', 'idp.crt'), 'utf8'),
    );
    await expectEventually(
      async () => {
        const response = await fetch(idp.metadataUrl);
        if (!response.ok) throw new Error(`IdP metadata answered ${response.status}`);
      },
      { timeoutMs: 15_000 },
    );
    return idp;
  }

  async metadataXml(): Promise<string> {
    return (await fetch(this.metadataUrl)).text();
  }

  /** Registers our service provider for an organisation, as its IdP administrator would. */
  async trustServiceProviders(providers: { entityId: string; acsUrl: string }[]): Promise<void> {
    await writeFile(join(this.dir, 'metadata', 'saml20-sp-remote.php'), spRemotePhp(providers));
  }

  /**
   * A person's sign-in: follows the gateway's redirect to the IdP, submits the IdP's login form
   * with username and password, and returns the form the IdP's page would post to our ACS.
   */
  async signIn(gatewayStartUrl: string, username: string, password: string): Promise<IdpAnswer> {
    const jar = new Map<string, string>();
    // The gateway's redirects (email → organisation → IdP), then the IdP's own, to its login form.
    const page = await followRedirects(await fetchWithCookies(gatewayStartUrl, jar), jar);
    const loginForm = await page.text();
    const authState = /name="AuthState" value="([^"]+)"/.exec(loginForm)?.[1];
    if (!authState) throw new Error('the IdP showed no login form');
    const action = /<form[^>]*action="([^"]*)"/.exec(loginForm)?.[1] ?? '?';
    const loginUrl = new URL(decodeHtml(action), page.url).toString();
    const answer = await followRedirects(
      await fetchWithCookies(loginUrl, jar, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          username,
          password,
          AuthState: decodeHtml(authState),
        }).toString(),
      }),
      jar,
    );
    const html = await answer.text();
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(html)?.[1];
    const acsUrl = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!samlResponse || !acsUrl)
      throw new Error(`the IdP did not answer with a SAML response: ${html.slice(0, 300)}`);
    const relayState = /name="RelayState" value="([^"]*)"/.exec(html)?.[1];
    return {
      acsUrl: decodeHtml(acsUrl),
      cookie: cookieHeader(jar),
      SAMLResponse: decodeHtml(samlResponse),
      ...(relayState !== undefined ? { RelayState: decodeHtml(relayState) } : {}),
    };
  }

  async stop(): Promise<void> {
    this.server.kill('SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Follows at most ten redirects, keeping cookies, as a browser would. */
async function followRedirects(first: Response, jar: Map<string, string>): Promise<Response> {
  let response = first;
  for (let hops = 0; hops < 10; hops += 1) {
    const location = response.headers.get('location');
    if (!location) return response;
    response = await fetchWithCookies(new URL(location, response.url).toString(), jar);
  }
  throw new Error('too many redirects');
}

async function fetchWithCookies(
  url: string,
  jar: Map<string, string>,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.size > 0) headers.set('cookie', cookieHeader(jar));
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
  }
  return response;
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PHP source holding a JSON document: no value is ever interpolated into PHP code. */
function phpJson(value: unknown): string {
  return `json_decode(base64_decode('${Buffer.from(JSON.stringify(value)).toString('base64')}'), true)`;
}

function configPhp(dir: string, baseUrl: string): string {
  return `<?php
$config = ${phpJson({
    baseurlpath: `${baseUrl}/`,
    secretsalt: `coffer-test-${process.pid}-${Date.now()}`,
    technicalcontact_email: 'idp@example.test',
    'auth.adminpassword': `unused-${Date.now()}`,
    'enable.saml20-idp': true,
    'module.enable': { exampleauth: true, core: true, saml: true, admin: false },
    metadatadir: `${join(dir, 'metadata')}/`,
    certdir: `${join(dir, 'cert')}/`,
    tempdir: join(dir, 'tmp'),
    datadir: join(dir, 'tmp'),
    loggingdir: join(dir, 'tmp'),
    'logging.handler': 'file',
    'session.cookie.secure': false,
    'store.type': 'phpsession',
    'language.available': ['en'],
  })};
`;
}

function authsourcesPhp(users: IdpUser[]): string {
  const userPass: Record<string, unknown> = {};
  for (const user of users) userPass[`${user.username}:${user.password}`] = user.attributes;
  return `<?php
$config = [
  'admin' => ['core:AdminPassword'],
  'users' => array_merge(['exampleauth:UserPass'], ${phpJson(userPass)}),
];
`;
}

function idpHostedPhp(baseUrl: string): string {
  return `<?php
$metadata[${JSON.stringify(`${baseUrl}/idp`)}] = ${phpJson({
    host: '__DEFAULT__',
    privatekey: 'idp.pem',
    certificate: 'idp.crt',
    auth: 'users',
    NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    'simplesaml.nameidattribute': 'mail',
  })};
`;
}

function spRemotePhp(providers: { entityId: string; acsUrl: string }[]): string {
  return `<?php
${providers
  .map(
    (provider) =>
      `$metadata[${JSON.stringify(provider.entityId)}] = ${phpJson({
        AssertionConsumerService: provider.acsUrl,
        NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        'simplesaml.nameidattribute': 'mail',
      })};`,
  )
  .join('\n')}
`;
}
