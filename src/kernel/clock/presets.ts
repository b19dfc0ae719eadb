/**
 * The control plane's timing, in milliseconds of cluster time (but for the `min…Real…` floors,
 * in real time, which bind only when the clock runs faster than real time). Two presets:
 * Kubernetes' own defaults, and a tutorial preset in which a dead node's pods are replaced
 * within about a second of real time.
 */
export interface Timing {
  /** How long a node Lease is valid (kubelet: nodeLeaseDurationSeconds, 40 s). */
  leaseDuration: number;
  /** How often a kubelet renews its Lease (a quarter of the lease duration, 10 s). */
  leaseRenewInterval: number;
  /** How often the node lifecycle controller checks node health (nodeMonitorPeriod, 5 s). */
  nodeMonitorPeriod: number;
  /** Silence after which a node is marked Unknown (nodeMonitorGracePeriod, 40 s; 50 s since 1.32). */
  nodeMonitorGracePeriod: number;
  /**
   * Cluster-time milliseconds that one second declared in an object lasts (tolerationSeconds,
   * terminationGracePeriodSeconds). Objects keep Kubernetes' own numbers (300, 30) under every
   * preset; the tutorial preset makes those seconds short instead of rewriting the objects.
   */
  declaredSecond: number;
  /** Base delay for a controller key that failed (client-go: 5 ms doubling to 1000 s). */
  requeueBaseDelay: number;
  requeueMaxDelay: number;
  /** How long the scheduler waits before retrying unschedulable pods without a cluster event. */
  podMaxUnschedulableDuration: number;
  /** Watch event history kept before compaction (etcd keeps about 5 minutes). */
  watchHistoryRetention: number;
  /** The kubelet's container restart back-off: starts here and doubles (10 s, 20 s, ...). */
  containerBackOffBase: number;
  /** ... up to this ceiling (5 minutes). */
  containerBackOffMax: number;
  /** The kubelet's image pull back-off (ImagePullBackOff): base and ceiling. */
  imagePullBackOffBase: number;
  imagePullBackOffMax: number;
  /** How often the kubelet posts node status (nodeStatusUpdateFrequency, 10 s). */
  nodeStatusUpdateFrequency: number;
  /**
   * Cluster-time milliseconds that one second of a probe's settings lasts (periodSeconds,
   * initialDelaySeconds, timeoutSeconds): probes keep their declared numbers under every preset.
   */
  probeSecond: number;
  /**
   * How often the kubelet rewrites a running pod's ConfigMap, Secret and downward API volumes
   * from the objects (its pod sync period, syncFrequency: 1 min), so a change shows in the
   * mounted files within about this long.
   */
  volumeRefreshPeriod: number;
  /**
   * How often each node's resource usage is sampled for the metrics API (metrics-server's
   * --metric-resolution, 15 s): CPU usage is the rate between the last two samples.
   */
  metricResolution: number;
  /** How often the HorizontalPodAutoscaler controller syncs each HPA (its sync period, 15 s). */
  horizontalPodAutoscalerSyncPeriod: number;
  /**
   * Cluster-time milliseconds that one second of the autoscaler's settings lasts: an HPA's
   * stabilizationWindowSeconds and policies' periodSeconds, and the controller's downscale
   * stabilization (5 min), CPU initialization period (5 min) and initial readiness delay (30 s).
   */
  autoscalerSecond: number;
  /**
   * Milliseconds of real time, not cluster time (as ScaledClock.realTime counts it: paused time
   * is left out): the shortest real time between two of a kubelet's heartbeats (Lease renewals,
   * node status posts). Faster than real time a preset's heartbeat periods shrink with the
   * speed; this keeps them from flooding the page's workers. Never reached by Kubernetes'
   * timings up to 60× (a 10 s period is 167 ms there).
   */
  minHeartbeatRealInterval: number;
  /**
   * Milliseconds of real time: how much real silence, at most, the node lifecycle controller
   * asks of a node on top of nodeMonitorGracePeriod in cluster time before marking it Unknown.
   * It asks nodeMonitorGracePeriod × speed of real time, capped at this: at 1× exactly the
   * grace; faster, never less real time than at 1× (at 60× the tutorial's 400 ms would be
   * 7 ms), since a heartbeat crosses the page's node and kernel workers, which a loaded page
   * (and a fast clock's extra work) pauses for hundreds of milliseconds whatever the speed.
   * Under Kubernetes' timings it stays below their 50 s at 60× (833 ms), so it never binds.
   */
  minNodeMonitorGraceReal: number;
  /**
   * Milliseconds of real time: the shortest real time between two of the node lifecycle
   * controller's health passes. Real graces of 0.4 to 1 s need no more, and at 60× the
   * tutorial's 100 ms period would otherwise run a pass every 2 ms. Not reached by Kubernetes'
   * timings up to 60× (5 s is 83 ms).
   */
  minNodeMonitorRealPeriod: number;
}

export const kubernetesDefaults: Timing = {
  leaseDuration: 40_000,
  leaseRenewInterval: 10_000,
  nodeMonitorPeriod: 5_000,
  nodeMonitorGracePeriod: 50_000,
  declaredSecond: 1_000,
  requeueBaseDelay: 5,
  requeueMaxDelay: 1_000_000,
  podMaxUnschedulableDuration: 300_000,
  watchHistoryRetention: 300_000,
  containerBackOffBase: 10_000,
  containerBackOffMax: 300_000,
  imagePullBackOffBase: 10_000,
  imagePullBackOffMax: 300_000,
  nodeStatusUpdateFrequency: 10_000,
  probeSecond: 1_000,
  volumeRefreshPeriod: 60_000,
  metricResolution: 15_000,
  horizontalPodAutoscalerSyncPeriod: 15_000,
  autoscalerSecond: 1_000,
  minHeartbeatRealInterval: 100,
  minNodeMonitorGraceReal: 800,
  minNodeMonitorRealPeriod: 50,
};

/**
 * Failover within about a second: a node is declared Unknown 400 ms after its last heartbeat
 * and its pods tolerate that for 300 ms. Pods still declare tolerationSeconds in seconds, so
 * `declaredSecond` is 1 ms: the default 300 s toleration lasts 300 ms.
 */
export const tutorialTiming: Timing = {
  leaseDuration: 400,
  leaseRenewInterval: 100,
  nodeMonitorPeriod: 100,
  nodeMonitorGracePeriod: 400,
  declaredSecond: 1,
  requeueBaseDelay: 5,
  requeueMaxDelay: 10_000,
  podMaxUnschedulableDuration: 5_000,
  watchHistoryRetention: 300_000,
  // Restarts stay visible: a crashing container is seen in CrashLoopBackOff for a second
  // or more, doubling to 30 s, a tenth of Kubernetes' numbers.
  containerBackOffBase: 1_000,
  containerBackOffMax: 30_000,
  imagePullBackOffBase: 1_000,
  imagePullBackOffMax: 30_000,
  nodeStatusUpdateFrequency: 1_000,
  // A tenth, as for back-offs: a 10 s probe period runs every second, so a failing probe is
  // seen failing (and a liveness kill comes three periods later) rather than at once.
  probeSecond: 100,
  volumeRefreshPeriod: 2_000,
  // A tenth again: an HPA reacts to load within a few seconds and scales back down 30 s after
  // it stops (the default 300 s stabilization window).
  metricResolution: 1_500,
  horizontalPodAutoscalerSyncPeriod: 1_500,
  autoscalerSecond: 100,
  // At 1× the preset's own numbers decide; at 10× and 60× a node still renews every 100 ms
  // of real time, and is declared Unknown after a second of real silence (0.4 s at 1×).
  minHeartbeatRealInterval: 100,
  minNodeMonitorGraceReal: 1_000,
  minNodeMonitorRealPeriod: 50,
};

export const timingPresets = { kubernetes: kubernetesDefaults, tutorial: tutorialTiming } as const;
export type TimingPresetName = keyof typeof timingPresets;
