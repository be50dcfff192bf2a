// Lantern's training worker (a module worker). Page and worker run the same wasm module, so
// its code is downloaded and compiled once: the page starts this script as
//   new Worker('./worker_loader.js?module=<URI-encoded address of app-<hash>.js>', { type: 'module' })
// and it imports that module and starts it; the app's entry point (src/bin/app.rs) sees a
// worker's global scope and starts the trainer instead of the page. Only a module from this
// script's own origin is accepted. Trunk names the wasm `<module name>_bg.wasm`.
const given = new URL(self.location.href).searchParams.get('module');
if (!given) throw new Error('worker_loader.js needs ?module=<the app module address>');
const module = new URL(given, self.location.href);
if (module.origin !== self.location.origin || !module.pathname.endsWith('.js')) {
  throw new Error(`worker_loader.js refuses the module ${module.href}: it must be a .js file of ${self.location.origin}`);
}
const { default: init } = await import(module.href);
const wasm = new URL(module.pathname.replace(/\.js$/, '_bg.wasm'), module);
await init({ module_or_path: wasm });
