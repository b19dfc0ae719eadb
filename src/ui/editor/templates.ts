/** A starter manifest the editor offers. */
export interface ManifestTemplate {
  /** Shown on its button. */
  label: string;
  text: string;
}

/** The manifest the Example button fills in: a Deployment of three tickers. */
export const tickerExample = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ticker}
spec:
  replicas: 3
  selector: {matchLabels: {app: ticker}}
  template:
    metadata: {labels: {app: ticker}}
    spec:
      containers:
      - name: ticker
        image: ticker:1.0
        args: ["--every", "1s"]
        env: [{name: GREETING, value: hello}]
        resources: {requests: {cpu: 100m, memory: 16Mi}, limits: {memory: 32Mi}}
`;

/**
 * Starters for the kinds the cluster serves that a learner writes by hand, using the built-in
 * images. (Service and ConfigMap join once the API server serves them.)
 */
export const manifestTemplates: readonly ManifestTemplate[] = [
  {
    label: 'Deployment',
    text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: ticker:1.0
        args: ["--every", "2s"]
        resources:
          requests:
            cpu: 100m
            memory: 16Mi
          limits:
            memory: 32Mi
`,
  },
  {
    label: 'Pod',
    text: `apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  restartPolicy: Never
  containers:
  - name: hello
    image: hello:1.0
    env:
    - name: GREETING
      value: hi
`,
  },
  {
    label: 'Namespace',
    text: `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
`,
  },
];
