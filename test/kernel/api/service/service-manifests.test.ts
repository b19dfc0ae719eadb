import { expect } from '@esm-bundle/chai';
import { services } from '../../../../src/kernel/api/resources.ts';
import {
  fieldSchemaAt,
  findDecodeError,
  findUnknownFields,
} from '../../../../src/kernel/api/schema/index.ts';
import { startTestApi } from '../../../helpers/api.ts';
import { loadManifests } from '../validation/load-manifests.ts';

describe('Services of the tutorials', () => {
  it('match the schema and are created as written', async () => {
    const t = await startTestApi();
    const manifests = (await loadManifests()).filter((m) => m.object.kind === 'Service');
    expect(manifests.length).to.be.greaterThan(2);
    const problems: string[] = [];
    for (const { file, object } of manifests) {
      for (const path of findUnknownFields('Service', object)) problems.push(`${file}: ${path}`);
      const decode = findDecodeError('Service', object);
      if (decode) problems.push(`${file}: ${decode}`);
      try {
        await t.client.create(services, 'default', object);
      } catch (err) {
        problems.push(`${file}: ${(err as Error).message}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('are described for kubectl explain', () => {
    expect(fieldSchemaAt('Service', 'spec.ports.targetPort')).to.include({
      type: 'int-or-string',
    });
    expect(fieldSchemaAt('Service', 'spec.ports.port')).to.include({ required: true });
    expect(fieldSchemaAt('EndpointSlice', 'ports')).to.include({ goType: '[]v1.EndpointPort' });
    expect(fieldSchemaAt('EndpointSlice', 'endpoints.conditions.ready')).to.include({
      type: 'boolean',
    });
    expect(fieldSchemaAt('Endpoints', 'subsets.addresses.ip')).to.include({ required: true });
  });

  it('report a wrongly typed field as the decoder does', () => {
    expect(
      findDecodeError('Service', { metadata: {}, spec: { ports: [{ port: '80' }] } }),
    ).to.equal(
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    );
  });
});
