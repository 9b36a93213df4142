// The app's service worker. It keeps go-app's contract (one cache per app
// version holding every resource, answers from that cache first, drops the
// caches of older versions, takes over at once so that go-app's "update
// available" prompt shows), with three differences:
//
// - the first install takes app.wasm from the browser's HTTP cache, which
//   the page is filling at that very moment, instead of downloading the
//   largest file of the app a second time; the copy is used only if its
//   SHA-256 is this version's, otherwise it is fetched again;
// - every other resource is revalidated (cache "no-cache"), so that an
//   update never stores a stale copy whatever the host's caching headers;
// - only same-origin GETs go through the worker: Microsoft Graph and Entra
//   calls go straight to the network.
//
// Its placeholders are filled by go-app (the version and the resources to
// cache) and by internal/pwa (app.wasm's URL and SHA-256).

const cacheName = "app-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const wasmURL = "{{.WasmURL}}";
const wasmDigest = "{{.WasmDigest}}";

self.addEventListener("install", (event) => {
  event.waitUntil(install());
});

async function install() {
  const firstInstall = !self.registration.active;
  const cache = await caches.open(cacheName);
  const others = resourcesToCache.filter((url) => url !== wasmURL);
  await cache.addAll(others.map((url) => new Request(url, { cache: "no-cache" })));
  if (resourcesToCache.includes(wasmURL)) {
    await cache.put(wasmURL, await fetchWasm(firstInstall));
  }
  await self.skipWaiting();
}

// fetchWasm gets this version's app.wasm, from the HTTP cache when this is
// the first install (the page that registered the worker has just fetched
// it), else from the server.
async function fetchWasm(firstInstall) {
  if (firstInstall) {
    const copy = await fetch(wasmURL, { cache: "force-cache" });
    if (copy.ok && (await isThisVersion(copy.clone()))) {
      return copy;
    }
  }
  const fresh = await fetch(wasmURL, { cache: "no-cache" });
  if (!fresh.ok) {
    throw new Error(`fetching ${wasmURL}: HTTP ${fresh.status}`);
  }
  if (!(await isThisVersion(fresh.clone()))) {
    // Another build is deployed already: installing it under this version
    // would pair it with the wrong glue. The next update check retries.
    throw new Error(`${wasmURL} is not the build of version {{.Version}}`);
  }
  return fresh;
}

async function isThisVersion(response) {
  const digest = await crypto.subtle.digest("SHA-256", await response.arrayBuffer());
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return hex === wasmDigest;
}

// Not held open with event.waitUntil, exactly as go-app's own worker: the
// page takes a worker reaching "activated" while another controls it for an
// update, so on a first visit the claim must come after that state change,
// not before it.
self.addEventListener("activate", () => {
  activate();
});

async function activate() {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith("app-") && name !== cacheName).map((name) => caches.delete(name)),
  );
  await self.clients.claim();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(cacheFirst(request));
});

// cacheFirst answers from this version's cache, else from the network. A
// page is the same app shell whatever its query (the sign-in redirect comes
// back with ?code=...), so a navigation matches its cached page without it;
// every screen's address (/bulk, /configurations/...) is that same page,
// which the server sends for it, or this cache's "/" when the network is
// gone (the server alone knows which paths are the app's: online, an
// unknown one stays its 404).
async function cacheFirst(request) {
  const cache = await caches.open(cacheName);
  const navigate = request.mode === "navigate";
  const cached = await cache.match(request, { ignoreSearch: navigate });
  if (cached) {
    return cached;
  }
  if (!navigate) {
    return fetch(request);
  }
  try {
    return await fetch(request);
  } catch (err) {
    return (await cache.match("/")) || Promise.reject(err);
  }
}
