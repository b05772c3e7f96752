// A real OpenID Connect provider (node's oidc-provider) for the tests: two municipalities'
// identity providers on one 127.0.0.1 port, at /a and /b, each with its own issuer, signing key,
// client and users in groups. Started by the `sso_provider` pytest fixture (tests/sso/conftest.py):
//
//   node tests/sso/provider.mjs <port>
//
// It prints "ready" once listening. Not for production: users, passwords and the clients' secrets
// are the test world's, and everything lives in memory.
//
// Test-only admin endpoints, as an IT department would act in its directory:
//   POST /<tenant>/admin/users/<login>   {"groups": [...], "disabled": true|false}
//     Changes the user; disabling also sends a back-channel logout to every client the user
//     signed in to (the provider's own sessions of the user end).
import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const base = `http://127.0.0.1:${port}`;

// What the directory knows. amr/acr: what the user's login at the provider proves.
const STRONG = { amr: ['pwd', 'mfa'], acr: 'substantial' };
const WEAK = { amr: ['pwd'], acr: 'low' };
const TENANTS = {
  a: {
    client: { client_id: 'brobygger-a', client_secret: 'secret-of-municipality-a' },
    users: {
      'kari@a-kommune.no': { name: 'Kari Saksbehandler', groups: ['a-brobygger-caseworkers'], ...STRONG },
      'kristian@a-kommune.no': { name: 'Kristian Koordinator', groups: ['a-brobygger-coordinators'], ...STRONG },
      'nils@a-kommune.no': { name: 'Nils Uten Gruppe', groups: [], ...STRONG },
      'wenche@a-kommune.no': { name: 'Wenche Passord', groups: ['a-brobygger-caseworkers'], ...WEAK },
      // Someone in A's directory claiming B's address, in A's coordinator group.
      'bente@b-kommune.dk': { name: 'Bente Fremmed', groups: ['a-brobygger-coordinators'], ...STRONG },
    },
  },
  b: {
    client: { client_id: 'brobygger-b', client_secret: 'secret-of-municipality-b' },
    users: {
      'bente@b-kommune.dk': { name: 'Bente Koordinator', groups: ['b-coordinators'], ...STRONG },
    },
  },
};
const PASSWORD = 'correct horse';

// (tenant, login) -> set of "clientId sid" the user signed in to, for back-channel logout.
const signedIn = new Map();

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function makeProvider(name) {
  const tenant = TENANTS[name];
  // Each municipality's provider signs with its own key.
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration = {
    jwks: { keys: [{ ...key, kid: `key-${name}`, use: 'sig', alg: 'RS256' }] },
    acrValues: ['low', 'substantial'],
    // The back-channel logout goes to Brobygger's test server on 127.0.0.1, an address the
    // provider's SSRF protection refuses outside of tests.
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
    clients: [
      {
        ...tenant.client,
        redirect_uris: ['http://testserver/placeholder'],
        post_logout_redirect_uris: ['http://testserver/placeholder'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        backchannel_logout_uri: 'http://127.0.0.1/placeholder',
        backchannel_logout_session_required: true,
      },
    ],
    cookies: {
      keys: [`cookie-key-${name}-${randomUUID()}`],
      names: { session: `_session_${name}`, interaction: `_interaction_${name}`, resume: `_resume_${name}` },
    },
    claims: { acr: null, amr: null, sid: null, auth_time: null, openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // The ID token carries the claims of the granted scopes (as Entra ID's does), not only sub.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    pkce: { required: () => true },
    ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Session: 8 * 3600, Interaction: 600, Grant: 3600 },
    async findAccount(ctx, sub) {
      const user = tenant.users[sub];
      if (!user || user.disabled) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: sub, email_verified: true, name: user.name, groups: user.groups };
        },
      };
    },
    // First-party client: the municipality consented for its staff; no consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const grant = await ctx.oidc.provider.Grant.find(grantId);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
    interactions: { url: (ctx, interaction) => `/${name}/interaction/${interaction.uid}` },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><title>Sign-in error</title></head><body><main><h1>Sign-in error</h1><p id="error">${escapeHtml(out.error)}: ${escapeHtml(out.error_description || '')}</p></main></body></html>`;
    },
  };
  const provider = new Provider(`${base}/${name}`, configuration);
  // The test server's port changes from run to run: any http redirect/back-channel URI on this
  // machine (127.0.0.1, localhost, Django's test client's "testserver") whose path is one of
  // Brobygger's is accepted.
  const local = (value, suffix) => {
    try {
      const url = new URL(value);
      return ['127.0.0.1', 'localhost', 'testserver'].includes(url.hostname) && url.pathname.endsWith(suffix);
    } catch { return false; }
  };
  provider.Client.prototype.redirectUriAllowed = (value) => local(value, '/login/callback/');
  provider.Client.prototype.postLogoutRedirectUriAllowed = (value) => local(value, '/');
  provider.on('authorization.success', (ctx) => {
    const { session, client } = ctx.oidc;
    if (!session?.accountId) return;
    const key = `${name} ${session.accountId}`;
    if (!signedIn.has(key)) signedIn.set(key, new Set());
    signedIn.get(key).add(`${client.clientId} ${session.sidFor(client.clientId)}`);
  });
  return provider;
}

const providers = Object.fromEntries(Object.keys(TENANTS).map((name) => [name, makeProvider(name)]));

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

function page(res, status, title, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

async function interaction(name, provider, req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    page(res, 200, `Sign in at municipality ${name.toUpperCase()}`, `
      <form method="post" action="/${name}/interaction/${uid}">
        <label for="login">E-mail</label><input id="login" name="login" value="${escapeHtml(details.params.login_hint || '')}">
        <label for="password">Password</label><input id="password" name="password" type="password">
        <button type="submit">Sign in</button>
      </form>`);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const login = form.get('login');
  const user = TENANTS[name].users[login];
  if (!user || form.get('password') !== PASSWORD) {
    page(res, 401, 'Wrong e-mail or password', '<p id="error">Wrong e-mail or password.</p>');
    return;
  }
  if (user.disabled) {
    page(res, 403, 'Account disabled', '<p id="error">This account is disabled.</p>');
    return;
  }
  await provider.interactionFinished(req, res, {
    login: { accountId: login, amr: user.amr, acr: user.acr },
  }, { mergeWithLastSubmission: false });
}

async function admin(name, provider, req, res, login) {
  const user = TENANTS[name].users[login];
  if (!user) { res.writeHead(404); res.end(); return; }
  const change = JSON.parse((await readBody(req)) || '{}');
  if (Array.isArray(change.groups)) user.groups = change.groups;
  let loggedOut = 0;
  const errors = [];
  if (typeof change.disabled === 'boolean') {
    user.disabled = change.disabled;
    if (user.disabled) {
      for (const entry of signedIn.get(`${name} ${login}`) || []) {
        const [clientId, sid] = entry.split(' ');
        const client = await provider.Client.find(clientId);
        try { await client.backchannelLogout(login, sid); loggedOut += 1; } catch (error) { errors.push(String(error)); }
      }
      signedIn.delete(`${name} ${login}`);
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ...user, backchannel_logouts: loggedOut, errors, sessions: signedIn.size }));
}

// Where the municipality's client's back-channel logout URI points: set by the fixture once
// the Django server's address is known.
async function setBackchannel(name, provider, req, res) {
  const { uri } = JSON.parse(await readBody(req));
  const client = await provider.Client.find(TENANTS[name].client.client_id);
  client.backchannelLogoutUri = uri;
  res.writeHead(204); res.end();
}

const server = http.createServer(async (req, res) => {
  try {
    const match = req.url.match(/^\/([ab])(\/.*)?$/);
    if (!match) { res.writeHead(404); res.end(); return; }
    const [, name, rest = '/'] = match;
    const provider = providers[name];
    const path = rest.split('?')[0];
    let m;
    if ((m = path.match(/^\/interaction\/([^/]+)$/))) {
      req.originalUrl = req.url; req.url = rest;
      await interaction(name, provider, req, res, m[1]);
      return;
    }
    if ((m = path.match(/^\/admin\/users\/([^/]+)$/)) && req.method === 'POST') {
      await admin(name, provider, req, res, decodeURIComponent(m[1]));
      return;
    }
    if (path === '/admin/backchannel' && req.method === 'POST') {
      await setBackchannel(name, provider, req, res);
      return;
    }
    req.originalUrl = req.url;
    req.url = rest;
    provider.callback()(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) { res.writeHead(500); }
    res.end(String(error));
  }
});

server.listen(port, '127.0.0.1', () => { console.log('ready'); });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
