// Lantern's training worker (a module worker). Page and worker run the same wasm module, so
// its code is downloaded once: the page starts this script as
//   new Worker('./worker_loader.js?module=<URI-encoded address of app-<hash>.js>&compiled', { type: 'module' })
// and it imports that module and starts it; the app's entry point (src/bin/app.rs) sees a
// worker's global scope and starts the trainer instead of the page. With `compiled`, the
// page's first message is its compiled WebAssembly.Module (no second fetch or compile);
// without it the wasm is fetched (Trunk names it `<module name>_bg.wasm`). Only a module from
// this script's own origin is accepted.
const query = new URL(self.location.href).searchParams;
const posted = query.has('compiled')
  ? new Promise((ok) => self.addEventListener('message', (e) => ok(e.data), { once: true }))
  : null;
const given = query.get('module');
if (!given) throw new Error('worker_loader.js needs ?module=<the app module address>');
const module = new URL(given, self.location.href);
if (module.origin !== self.location.origin || !module.pathname.endsWith('.js')) {
  throw new Error(`worker_loader.js refuses the module ${module.href}: it must be a .js file of ${self.location.origin}`);
}
const { default: init } = await import(module.href);
const compiled = posted && (await posted);
if (posted && !(compiled instanceof WebAssembly.Module)) throw new Error('the page did not send its compiled module first');
await init({ module_or_path: compiled || new URL(module.pathname.replace(/\.js$/, '_bg.wasm'), module) });
