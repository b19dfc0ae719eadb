// The build's same-origin check on samples of what bundles, pages, styles and manifests hold.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  checkSameOrigin,
  externalFetches,
  findExternalFetches,
} from '../../scripts/check-same-origin.mjs';

const urls = (text, kind) => externalFetches(text, kind).map((f) => f.url);

describe('externalFetches', () => {
  const fetched = [
    ['script', `import x from "https://cdn.example.com/x.js";`, 'https://cdn.example.com/x.js'],
    ['script', `export * from 'https://cdn.example.com/y.js'`, 'https://cdn.example.com/y.js'],
    ['script', `import "https://cdn.example.com/side.js";`, 'https://cdn.example.com/side.js'],
    ['script', `const m = await import('https://esm.sh/lit')`, 'https://esm.sh/lit'],
    ['script', 'fetch(`https://api.example.com/v1/data`)', 'https://api.example.com/v1/data'],
    ['script', `await fetch("http://example.com/a.json", {})`, 'http://example.com/a.json'],
    ['script', `importScripts('//cdn.example.com/w.js')`, '//cdn.example.com/w.js'],
    ['script', `new Worker("https://x.example/w.js", {type: "module"})`, 'https://x.example/w.js'],
    [
      'script',
      `new Worker(new URL("https://x.example/k.js", import.meta.url))`,
      'https://x.example/k.js',
    ],
    [
      'script',
      `navigator.serviceWorker.register('https://x.example/sw.js')`,
      'https://x.example/sw.js',
    ],
    ['script', `new WebSocket("wss://push.example.com/socket")`, 'wss://push.example.com/socket'],
    [
      'script',
      `WebAssembly.instantiateStreaming(fetch('https://x.example/m.wasm'))`,
      'https://x.example/m.wasm',
    ],
    ['script', `xhr.open("GET", "https://x.example/q")`, 'https://x.example/q'],
    ['script', `img.src = 'https://x.example/i.png'`, 'https://x.example/i.png'],
    ['script', `el.setAttribute("src", "https://x.example/s.js")`, 'https://x.example/s.js'],
    ['script', 'html`<img src="https://x.example/t.png" alt="">`', 'https://x.example/t.png'],
    [
      'script',
      'css`:host { background: url(https://x.example/bg.png) }`',
      'https://x.example/bg.png',
    ],
    [
      'html',
      `<script type="module" src="https://cdn.example.com/app.js"></script>`,
      'https://cdn.example.com/app.js',
    ],
    [
      'html',
      `<link rel="stylesheet" href="https://fonts.example.com/css">`,
      'https://fonts.example.com/css',
    ],
    ['html', `<link href=https://x.example/icon.png rel=icon>`, 'https://x.example/icon.png'],
    ['html', `<img srcset="https://x.example/a.png 1x, b.png 2x">`, 'https://x.example/a.png'],
    ['html', `<iframe src="https://x.example/frame"></iframe>`, 'https://x.example/frame'],
    [
      'html',
      `<div style="background:url('https://x.example/d.png')"></div>`,
      'https://x.example/d.png',
    ],
    ['html', `<script>fetch("https://x.example/inline")</script>`, 'https://x.example/inline'],
    ['css', `body { background: url("https://x.example/bg.png") }`, 'https://x.example/bg.png'],
    ['css', `@import "https://x.example/theme.css";`, 'https://x.example/theme.css'],
    ['css', `@import url(//x.example/theme.css);`, '//x.example/theme.css'],
  ];
  for (const [kind, text, url] of fetched) {
    it(`finds ${url} in ${kind}: ${text}`, () => {
      assert.deepEqual(urls(text, kind), [url]);
    });
  }

  const notFetched = [
    ['script', `const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg")`],
    ['script', `// see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/`],
    ['script', `/** (https://codemirror.net/6/docs/ref/#state.EditorState) */`],
    ['script', `const server = "https://kube-in-a-tab.local:6443"`],
    ['script', `write('curl http://web.default.svc.cluster.local/ returns 200')`],
    ['script', `const group = "apps.k8s.io"; const registry = "https://index.docker.io/v1/"`],
    ['script', `window.open("https://kubernetes.io/docs/home/")`],
    ['script', 'fetch(`${base}/api/v1/pods`); fetch("./images/index.json"); import("./chunk.js")'],
    ['script', 'const doc = "Import the data from the web"'],
    ['html', `<a href="https://kubernetes.io/docs/">the docs</a>`],
    ['html', `<link rel="canonical" href="https://kube-in-a-tab.example/">`],
    ['html', `<link rel=license href=https://www.apache.org/licenses/LICENSE-2.0>`],
    ['html', `<form action="https://x.example/submit"></form>`],
    ['html', `<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>`],
    ['html', `<p>Open http://localhost:8080/ in a new tab</p>`],
    [
      'html',
      `<script type="module" src="./main.js"></script><link rel="manifest" href="./manifest.webmanifest">`,
    ],
    ['css', `a::after { content: "https://x.example/" }`],
    ['css', `.icon { background: url(data:image/svg+xml;base64,PHN2Zz4=) }`],
  ];
  for (const [kind, text] of notFetched) {
    it(`ignores ${kind}: ${text}`, () => {
      assert.deepEqual(urls(text, kind), []);
    });
  }

  it("reads a web app manifest's icons, screenshots and shortcuts", () => {
    const manifest = JSON.stringify(
      {
        name: 'x',
        start_url: './',
        description: 'See https://kubernetes.io for more',
        icons: [{ src: 'icon.svg' }, { src: 'https://cdn.example.com/icon.png' }],
        screenshots: [{ src: '//cdn.example.com/shot.png' }],
        shortcuts: [
          { name: 's', url: './?tutorial=x', icons: [{ src: 'http://x.example/s.png' }] },
        ],
      },
      null,
      2,
    );
    const found = externalFetches(manifest, 'manifest');
    assert.deepEqual(
      found.map((f) => f.url),
      ['https://cdn.example.com/icon.png', '//cdn.example.com/shot.png', 'http://x.example/s.png'],
    );
    assert.equal(found[0].line, 10);
  });

  it('gives the line of each URL', () => {
    const found = externalFetches(`const a = 1;\n\nfetch("https://x.example/a");\n`, 'script');
    assert.deepEqual(found, [{ url: 'https://x.example/a', line: 3 }]);
  });
});

describe('checkSameOrigin on a built folder', () => {
  it('passes a self-contained build and names the file and URL of each outside fetch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'same-origin-'));
    try {
      mkdirSync(join(dir, 'images'));
      writeFileSync(join(dir, 'index.html'), '<script type="module" src="./main.js"></script>');
      writeFileSync(
        join(dir, 'main.js'),
        'fetch("./images/index.json");\n// https://kubernetes.io',
      );
      writeFileSync(join(dir, 'images', 'hello.wasm'), 'fetch("https://not.read/")');
      writeFileSync(join(dir, 'manifest.webmanifest'), '{"icons":[{"src":"icon.svg"}]}');
      assert.deepEqual(findExternalFetches(dir), []);
      assert.doesNotThrow(() => checkSameOrigin(dir));

      writeFileSync(join(dir, 'main.js'), 'const a = 1;\nimport("https://esm.sh/yaml");\n');
      mkdirSync(join(dir, 'tutorials'));
      writeFileSync(
        join(dir, 'tutorials', 'style.css'),
        'p { background: url(//x.example/p.png) }',
      );
      assert.deepEqual(findExternalFetches(dir), [
        'main.js:2: https://esm.sh/yaml',
        'tutorials/style.css:1: //x.example/p.png',
      ]);
      assert.throws(
        () => checkSameOrigin(dir),
        /outside its origin[\s\S]*main\.js:2: https:\/\/esm\.sh\/yaml[\s\S]*tutorials\/style\.css:1/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the real build in dist/ (every build runs this check)', () => {
    assert.deepEqual(findExternalFetches('dist'), []);
  });
});
