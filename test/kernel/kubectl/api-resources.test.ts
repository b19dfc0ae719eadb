import { expect } from '@esm-bundle/chai';
import { startKubectl } from '../../helpers/kubectl.ts';

describe('kubectl api-resources and api-versions', () => {
  it('lists what discovery serves, sorted by group then name, filtered and printed as kubectl does', async () => {
    const k = await startKubectl();
    const cases: [string, string, string, number][] = [
      [
        'api-resources',
        `NAME          SHORTNAMES   APIVERSION               NAMESPACED   KIND
events        ev           v1                       true         Event
namespaces    ns           v1                       false        Namespace
nodes         no           v1                       false        Node
pods          po           v1                       true         Pod
deployments   deploy       apps/v1                  true         Deployment
replicasets   rs           apps/v1                  true         ReplicaSet
leases                     coordination.k8s.io/v1   true         Lease
`,
        '',
        0,
      ],
      [
        'api-resources -o wide',
        `NAME          SHORTNAMES   APIVERSION               NAMESPACED   KIND         VERBS                                                        CATEGORIES
events        ev           v1                       true         Event        create,delete,deletecollection,get,list,patch,update,watch   
namespaces    ns           v1                       false        Namespace    create,delete,get,list,patch,update,watch                    
nodes         no           v1                       false        Node         create,delete,deletecollection,get,list,patch,update,watch   
pods          po           v1                       true         Pod          create,delete,deletecollection,get,list,patch,update,watch   all
deployments   deploy       apps/v1                  true         Deployment   create,delete,deletecollection,get,list,patch,update,watch   all
replicasets   rs           apps/v1                  true         ReplicaSet   create,delete,deletecollection,get,list,patch,update,watch   all
leases                     coordination.k8s.io/v1   true         Lease        create,delete,deletecollection,get,list,patch,update,watch   
`,
        '',
        0,
      ],
      [
        'api-resources --namespaced=false',
        `NAME         SHORTNAMES   APIVERSION   NAMESPACED   KIND
namespaces   ns           v1           false        Namespace
nodes        no           v1           false        Node
`,
        '',
        0,
      ],
      [
        'api-resources --namespaced=true --no-headers',
        `events        ev       v1                       true   Event
pods          po       v1                       true   Pod
deployments   deploy   apps/v1                  true   Deployment
replicasets   rs       apps/v1                  true   ReplicaSet
leases                 coordination.k8s.io/v1   true   Lease
`,
        '',
        0,
      ],
      [
        'api-resources --sort-by=kind',
        `NAME          SHORTNAMES   APIVERSION               NAMESPACED   KIND
deployments   deploy       apps/v1                  true         Deployment
events        ev           v1                       true         Event
leases                     coordination.k8s.io/v1   true         Lease
namespaces    ns           v1                       false        Namespace
nodes         no           v1                       false        Node
pods          po           v1                       true         Pod
replicasets   rs           apps/v1                  true         ReplicaSet
`,
        '',
        0,
      ],
      [
        'api-resources --api-group=apps -o name',
        `deployments.apps
replicasets.apps
`,
        '',
        0,
      ],
      [
        'api-resources --verbs=deletecollection --namespaced=false',
        `NAME    SHORTNAMES   APIVERSION   NAMESPACED   KIND
nodes   no           v1           false        Node
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
coordination.k8s.io/v1
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
