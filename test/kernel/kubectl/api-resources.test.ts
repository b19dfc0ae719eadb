import { expect } from '@esm-bundle/chai';
import { startKubectl } from '../../helpers/kubectl.ts';

describe('kubectl api-resources and api-versions', () => {
  it('lists what discovery serves, sorted by group then name, filtered and printed as kubectl does', async () => {
    const k = await startKubectl();
    const cases: [string, string, string, number][] = [
      [
        'api-resources',
        `NAME                       SHORTNAMES   APIVERSION               NAMESPACED   KIND
configmaps                 cm           v1                       true         ConfigMap
endpoints                  ep           v1                       true         Endpoints
events                     ev           v1                       true         Event
limitranges                limits       v1                       true         LimitRange
namespaces                 ns           v1                       false        Namespace
nodes                      no           v1                       false        Node
persistentvolumeclaims     pvc          v1                       true         PersistentVolumeClaim
persistentvolumes          pv           v1                       false        PersistentVolume
pods                       po           v1                       true         Pod
resourcequotas             quota        v1                       true         ResourceQuota
secrets                                 v1                       true         Secret
services                   svc          v1                       true         Service
controllerrevisions                     apps/v1                  true         ControllerRevision
daemonsets                 ds           apps/v1                  true         DaemonSet
deployments                deploy       apps/v1                  true         Deployment
replicasets                rs           apps/v1                  true         ReplicaSet
statefulsets               sts          apps/v1                  true         StatefulSet
horizontalpodautoscalers   hpa          autoscaling/v2           true         HorizontalPodAutoscaler
cronjobs                   cj           batch/v1                 true         CronJob
jobs                                    batch/v1                 true         Job
leases                                  coordination.k8s.io/v1   true         Lease
endpointslices                          discovery.k8s.io/v1      true         EndpointSlice
nodes                                   metrics.k8s.io/v1beta1   false        NodeMetrics
pods                                    metrics.k8s.io/v1beta1   true         PodMetrics
ingressclasses                          networking.k8s.io/v1     false        IngressClass
ingresses                  ing          networking.k8s.io/v1     true         Ingress
networkpolicies            netpol       networking.k8s.io/v1     true         NetworkPolicy
poddisruptionbudgets       pdb          policy/v1                true         PodDisruptionBudget
storageclasses             sc           storage.k8s.io/v1        false        StorageClass
`,
        '',
        0,
      ],
      [
        'api-resources -o wide',
        `NAME                       SHORTNAMES   APIVERSION               NAMESPACED   KIND                      VERBS                                                        CATEGORIES
configmaps                 cm           v1                       true         ConfigMap                 create,delete,deletecollection,get,list,patch,update,watch   
endpoints                  ep           v1                       true         Endpoints                 create,delete,deletecollection,get,list,patch,update,watch   
events                     ev           v1                       true         Event                     create,delete,deletecollection,get,list,patch,update,watch   
limitranges                limits       v1                       true         LimitRange                create,delete,deletecollection,get,list,patch,update,watch   
namespaces                 ns           v1                       false        Namespace                 create,delete,get,list,patch,update,watch                    
nodes                      no           v1                       false        Node                      create,delete,deletecollection,get,list,patch,update,watch   
persistentvolumeclaims     pvc          v1                       true         PersistentVolumeClaim     create,delete,deletecollection,get,list,patch,update,watch   
persistentvolumes          pv           v1                       false        PersistentVolume          create,delete,deletecollection,get,list,patch,update,watch   
pods                       po           v1                       true         Pod                       create,delete,deletecollection,get,list,patch,update,watch   all
resourcequotas             quota        v1                       true         ResourceQuota             create,delete,deletecollection,get,list,patch,update,watch   
secrets                                 v1                       true         Secret                    create,delete,deletecollection,get,list,patch,update,watch   
services                   svc          v1                       true         Service                   create,delete,deletecollection,get,list,patch,update,watch   all
controllerrevisions                     apps/v1                  true         ControllerRevision        create,delete,deletecollection,get,list,patch,update,watch   
daemonsets                 ds           apps/v1                  true         DaemonSet                 create,delete,deletecollection,get,list,patch,update,watch   all
deployments                deploy       apps/v1                  true         Deployment                create,delete,deletecollection,get,list,patch,update,watch   all
replicasets                rs           apps/v1                  true         ReplicaSet                create,delete,deletecollection,get,list,patch,update,watch   all
statefulsets               sts          apps/v1                  true         StatefulSet               create,delete,deletecollection,get,list,patch,update,watch   all
horizontalpodautoscalers   hpa          autoscaling/v2           true         HorizontalPodAutoscaler   create,delete,deletecollection,get,list,patch,update,watch   all
cronjobs                   cj           batch/v1                 true         CronJob                   create,delete,deletecollection,get,list,patch,update,watch   all
jobs                                    batch/v1                 true         Job                       create,delete,deletecollection,get,list,patch,update,watch   all
leases                                  coordination.k8s.io/v1   true         Lease                     create,delete,deletecollection,get,list,patch,update,watch   
endpointslices                          discovery.k8s.io/v1      true         EndpointSlice             create,delete,deletecollection,get,list,patch,update,watch   
nodes                                   metrics.k8s.io/v1beta1   false        NodeMetrics               get,list                                                     
pods                                    metrics.k8s.io/v1beta1   true         PodMetrics                get,list                                                     
ingressclasses                          networking.k8s.io/v1     false        IngressClass              create,delete,deletecollection,get,list,patch,update,watch   
ingresses                  ing          networking.k8s.io/v1     true         Ingress                   create,delete,deletecollection,get,list,patch,update,watch   
networkpolicies            netpol       networking.k8s.io/v1     true         NetworkPolicy             create,delete,deletecollection,get,list,patch,update,watch   
poddisruptionbudgets       pdb          policy/v1                true         PodDisruptionBudget       create,delete,deletecollection,get,list,patch,update,watch   
storageclasses             sc           storage.k8s.io/v1        false        StorageClass              create,delete,deletecollection,get,list,patch,update,watch   
`,
        '',
        0,
      ],
      [
        'api-resources --namespaced=false',
        `NAME                SHORTNAMES   APIVERSION               NAMESPACED   KIND
namespaces          ns           v1                       false        Namespace
nodes               no           v1                       false        Node
persistentvolumes   pv           v1                       false        PersistentVolume
nodes                            metrics.k8s.io/v1beta1   false        NodeMetrics
ingressclasses                   networking.k8s.io/v1     false        IngressClass
storageclasses      sc           storage.k8s.io/v1        false        StorageClass
`,
        '',
        0,
      ],
      [
        'api-resources --namespaced=true --no-headers',
        `configmaps                 cm       v1                       true   ConfigMap
endpoints                  ep       v1                       true   Endpoints
events                     ev       v1                       true   Event
limitranges                limits   v1                       true   LimitRange
persistentvolumeclaims     pvc      v1                       true   PersistentVolumeClaim
pods                       po       v1                       true   Pod
resourcequotas             quota    v1                       true   ResourceQuota
secrets                             v1                       true   Secret
services                   svc      v1                       true   Service
controllerrevisions                 apps/v1                  true   ControllerRevision
daemonsets                 ds       apps/v1                  true   DaemonSet
deployments                deploy   apps/v1                  true   Deployment
replicasets                rs       apps/v1                  true   ReplicaSet
statefulsets               sts      apps/v1                  true   StatefulSet
horizontalpodautoscalers   hpa      autoscaling/v2           true   HorizontalPodAutoscaler
cronjobs                   cj       batch/v1                 true   CronJob
jobs                                batch/v1                 true   Job
leases                              coordination.k8s.io/v1   true   Lease
endpointslices                      discovery.k8s.io/v1      true   EndpointSlice
pods                                metrics.k8s.io/v1beta1   true   PodMetrics
ingresses                  ing      networking.k8s.io/v1     true   Ingress
networkpolicies            netpol   networking.k8s.io/v1     true   NetworkPolicy
poddisruptionbudgets       pdb      policy/v1                true   PodDisruptionBudget
`,
        '',
        0,
      ],
      [
        'api-resources --sort-by=kind',
        `NAME                       SHORTNAMES   APIVERSION               NAMESPACED   KIND
configmaps                 cm           v1                       true         ConfigMap
controllerrevisions                     apps/v1                  true         ControllerRevision
cronjobs                   cj           batch/v1                 true         CronJob
daemonsets                 ds           apps/v1                  true         DaemonSet
deployments                deploy       apps/v1                  true         Deployment
endpointslices                          discovery.k8s.io/v1      true         EndpointSlice
endpoints                  ep           v1                       true         Endpoints
events                     ev           v1                       true         Event
horizontalpodautoscalers   hpa          autoscaling/v2           true         HorizontalPodAutoscaler
ingresses                  ing          networking.k8s.io/v1     true         Ingress
ingressclasses                          networking.k8s.io/v1     false        IngressClass
jobs                                    batch/v1                 true         Job
leases                                  coordination.k8s.io/v1   true         Lease
limitranges                limits       v1                       true         LimitRange
namespaces                 ns           v1                       false        Namespace
networkpolicies            netpol       networking.k8s.io/v1     true         NetworkPolicy
nodes                      no           v1                       false        Node
nodes                                   metrics.k8s.io/v1beta1   false        NodeMetrics
persistentvolumes          pv           v1                       false        PersistentVolume
persistentvolumeclaims     pvc          v1                       true         PersistentVolumeClaim
pods                       po           v1                       true         Pod
poddisruptionbudgets       pdb          policy/v1                true         PodDisruptionBudget
pods                                    metrics.k8s.io/v1beta1   true         PodMetrics
replicasets                rs           apps/v1                  true         ReplicaSet
resourcequotas             quota        v1                       true         ResourceQuota
secrets                                 v1                       true         Secret
services                   svc          v1                       true         Service
statefulsets               sts          apps/v1                  true         StatefulSet
storageclasses             sc           storage.k8s.io/v1        false        StorageClass
`,
        '',
        0,
      ],
      [
        'api-resources --api-group=apps -o name',
        `controllerrevisions.apps
daemonsets.apps
deployments.apps
replicasets.apps
statefulsets.apps
`,
        '',
        0,
      ],
      [
        'api-resources --verbs=deletecollection --namespaced=false',
        `NAME                SHORTNAMES   APIVERSION             NAMESPACED   KIND
nodes               no           v1                     false        Node
persistentvolumes   pv           v1                     false        PersistentVolume
ingressclasses                   networking.k8s.io/v1   false        IngressClass
storageclasses      sc           storage.k8s.io/v1      false        StorageClass
`,
        '',
        0,
      ],
      ['api-resources --sort-by=age', ``, 'error: --sort-by accepts only name or kind\n', 1],
      [
        'api-resources extra',
        ``,
        "error: unexpected arguments: [extra]\nSee 'kubectl api-resources -h' for help and examples\n",
        1,
      ],
      [
        'api-versions',
        `apps/v1
autoscaling/v1
autoscaling/v2
batch/v1
coordination.k8s.io/v1
discovery.k8s.io/v1
metrics.k8s.io/v1beta1
networking.k8s.io/v1
policy/v1
storage.k8s.io/v1
v1
`,
        '',
        0,
      ],
    ];
    for (const [line, stdout, stderr, exitCode] of cases) {
      expect(await k.run(line), line).to.deep.equal({ stdout, stderr, exitCode });
    }
  });
});
