import { expect } from '@esm-bundle/chai';
import { canonicalRepository, findStandIn } from '../../../src/workers/runtime/find-stand-in.ts';
import { parseImageReference } from '../../../src/workers/runtime/image-reference.ts';
import { standIns, tagVersion } from '../../../src/workers/runtime/stand-ins.ts';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('findStandIn', () => {
  // Names as tutorials and docs write them, with the stand-in each must reach.
  const names: [image: string, standIn: string][] = [
    ['nginx', 'nginx'],
    // Tags nginx has on Docker Hub: versions, names, variants and their combinations.
    ['nginx:1', 'nginx'],
    ['nginx:1.7.9', 'nginx'],
    ['nginx:1.31', 'nginx'],
    ['nginx:1.29.4-alpine3.22-slim', 'nginx'],
    ['nginx:1.27.3-alpine-perl', 'nginx'],
    ['nginx:1.19.0-perl', 'nginx'],
    ['nginx:1.23-bullseye', 'nginx'],
    ['nginx:stable-alpine', 'nginx'],
    ['nginx:mainline-bookworm-otel', 'nginx'],
    ['nginx:alpine', 'nginx'],
    ['nginx:alpine-slim', 'nginx'],
    ['nginx:perl', 'nginx'],
    ['nginx:bookworm', 'nginx'],
    ['registry.k8s.io/nginx-slim:0.27', 'nginx'],
    ['httpd:2.4.62-alpine', 'httpd'],
    ['httpd:2.2', 'httpd'],
    ['httpd:2', 'httpd'],
    ['httpd:latest', 'httpd'],
    ['httpd:alpine3.20', 'httpd'],
    ['httpd:bookworm', 'httpd'],
    ['nginx:1.14.2', 'nginx'],
    ['nginx:1.25-alpine', 'nginx'],
    ['nginx:stable', 'nginx'],
    ['library/nginx:latest', 'nginx'],
    ['docker.io/nginx', 'nginx'],
    ['docker.io/library/nginx:1.16.1', 'nginx'],
    ['index.docker.io/library/nginx', 'nginx'],
    ['registry.hub.docker.com/library/nginx:1.27', 'nginx'],
    ['registry.hub.docker.com/nginx', 'nginx'],
    ['mirror.gcr.io/nginx', 'nginx'],
    ['public.ecr.aws/docker/library/nginx:latest', 'nginx'],
    [`nginx@${digest}`, 'nginx'],
    [`nginx:1.14.2@${digest}`, 'nginx'],
    ['registry.k8s.io/nginx-slim:0.8', 'nginx'],
    ['k8s.gcr.io/nginx-slim:0.8', 'nginx'],
    ['httpd:2.4', 'httpd'],
    ['busybox', 'busybox'],
    ['busybox:1.28', 'busybox'],
    ['registry.k8s.io/busybox', 'busybox'],
    ['k8s.gcr.io/busybox', 'busybox'],
    ['gcr.io/google_containers/busybox', 'busybox'],
    ['radial/busyboxplus:curl', 'busybox'],
    ['alpine:3', 'alpine'],
    ['registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3', 'dnsutils'],
    ['redis', 'redis'],
    ['docker.io/redis:6.0.5', 'redis'],
    ['redis:5.0.4', 'redis'],
    ['gcr.io/google_samples/gb-redis-follower:v2', 'gb-redis-follower'],
    ['us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v2', 'gb-redis-follower'],
    ['gcr.io/google_samples/gb-frontend:v5', 'gb-frontend'],
    ['us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5', 'gb-frontend'],
    ['registry.k8s.io/hpa-example', 'hpa-example'],
    ['k8s.gcr.io/hpa-example:latest', 'hpa-example'],
    ['registry.k8s.io/echoserver:1.10', 'echoserver'],
    ['k8s.gcr.io/echoserver:1.4', 'echoserver'],
    ['kicbase/echo-server:1.0', 'echo-server'],
    ['docker.io/kicbase/echo-server:latest', 'echo-server'],
    ['hashicorp/http-echo', 'http-echo'],
    ['hashicorp/http-echo:0.2.3', 'http-echo'],
    ['gcr.io/google-samples/kubernetes-bootcamp:v1', 'kubernetes-bootcamp'],
    ['jocatalin/kubernetes-bootcamp:v2', 'kubernetes-bootcamp'],
    ['gcr.io/google-samples/hello-app:1.0', 'hello-app'],
    ['us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0', 'hello-app'],
    ['gcr.io/google-samples/node-hello:1.0', 'node-hello'],
    ['registry.k8s.io/liveness', 'liveness'],
    ['registry.k8s.io/serve_hostname', 'serve_hostname'],
    ['perl:5.34.0', 'perl'],
    ['perl', 'perl'],
  ];
  for (const [image, name] of names) {
    it(`finds the ${name} stand-in for ${image}`, () => {
      expect(findStandIn(image)?.standIn.name).to.equal(name);
    });
  }

  const others = [
    'ticker:1.0',
    'someone/nginx',
    'ghcr.io/library/nginx',
    'quay.io/nginx/nginx-unprivileged',
    'mysql:8',
    'postgres:16',
    'gcr.io/google-samples/other',
    // The Basics tutorial's broken update: the real repository has no such tag.
    'gcr.io/google-samples/kubernetes-bootcamp:v10',
    'gcr.io/google-samples/kubernetes-bootcamp',
    'registry.k8s.io/nginx',
    'Nginx',
    // The docs' broken rollout: nginx has no 1.161 (nor 1.32 yet, nor 2.x).
    'nginx:1.161',
    'nginx:1.161.0',
    'docker.io/library/nginx:1.161',
    `nginx:1.161@${digest}`,
    'nginx:1.32',
    'nginx:2',
    'nginx:1.27-albine',
    'nginx:lates',
    'httpd:2.5',
    'httpd:3.0',
  ];
  for (const image of others) {
    it(`finds no stand-in for ${image}`, () => {
      expect(findStandIn(image)).to.equal(undefined);
    });
  }

  it('names each repository once, across all stand-ins', () => {
    const all = standIns.flatMap((s) => s.repositories);
    expect(new Set(all).size).to.equal(all.length);
    for (const repository of all) {
      const [domain, ...path] = repository.split('/');
      expect(canonicalRepository({ domain, path: path.join('/') }), repository).to.equal(
        repository,
      );
    }
  });

  it('canonicalizes registry aliases', () => {
    const canonical = (image: string) => {
      const ref = parseImageReference(image);
      if ('error' in ref) throw new Error(ref.error);
      return canonicalRepository(ref);
    };
    expect(canonical('k8s.gcr.io/pause:3.9')).to.equal('registry.k8s.io/pause');
    expect(canonical('gcr.io/google_samples/x')).to.equal('gcr.io/google-samples/x');
    expect(canonical('registry-1.docker.io/me/app')).to.equal('docker.io/me/app');
    expect(canonical('ghcr.io/me/app')).to.equal('ghcr.io/me/app');
  });
});

describe('stand-in image configs', () => {
  const config = (image: string) => findStandIn(image)!.config;
  const env = (image: string) => new Map(config(image).env);

  it("gives nginx the real image's entrypoint from 1.19 on, and NGINX_VERSION from the tag", () => {
    expect(config('nginx:1.27.3')).to.deep.include({
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
    });
    expect(config('nginx:1.14.2').entrypoint).to.deep.equal([]);
    expect(env('nginx:1.14.2').get('NGINX_VERSION')).to.equal('1.14.2');
    expect(env('nginx:1.25-alpine').get('NGINX_VERSION')).to.equal('1.25.0');
    expect(env('nginx').get('NGINX_VERSION')).to.equal('1.27.3');
    expect(env('nginx:stable').get('NGINX_VERSION')).to.equal('1.26.2');
    expect(env(`nginx@${digest}`).get('NGINX_VERSION')).to.equal('1.27.3');
  });

  it('gives busybox CMD sh, alpine /bin/sh, and both no entrypoint', () => {
    expect(config('busybox:1.28')).to.deep.include({ entrypoint: [], cmd: ['sh'] });
    expect(config('alpine:3')).to.deep.include({ entrypoint: [], cmd: ['/bin/sh'] });
  });

  it('passes versions from tags to the programs that print them', () => {
    expect(config('gcr.io/google-samples/kubernetes-bootcamp:v2').cmd).to.deep.equal([
      'node',
      'server.js',
      '--version',
      '2',
    ]);
    expect(config('gcr.io/google-samples/hello-app:2.0').cmd).to.deep.equal([
      '/hello-app',
      '--version',
      '2.0',
    ]);
    expect(config('registry.k8s.io/echoserver:1.4').cmd).to.deep.equal([
      'echoserver',
      '--version',
      '1.4',
    ]);
    expect(config('hashicorp/http-echo:0.2.3').entrypoint).to.deep.equal([
      '/http-echo',
      '-stand-in-version=0.2.3',
    ]);
    expect(config('perl:5.34.0').cmd).to.deep.equal(['perl5.34.0', '-de0']);
    expect(env('redis:6.0.5').get('REDIS_VERSION')).to.equal('6.0.5');
  });

  const versions: [tag: string | undefined, version: string | undefined][] = [
    ['1.14.2', '1.14.2'],
    ['1.25-alpine', '1.25'],
    ['v2', '2'],
    ['5.34.0-slim', '5.34.0'],
    ['latest', undefined],
    ['alpine', undefined],
    [undefined, undefined],
  ];
  for (const [tag, version] of versions) {
    it(`reads version ${version} from tag ${tag}`, () => {
      expect(tagVersion(tag)).to.equal(version);
    });
  }
});
