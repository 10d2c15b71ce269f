import { AnchoreClient } from '../../clients/anchore/client';
import { BOOL, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/**
 * data "secops_anchore_service": version and status of the 4.x RBAC manager service
 * (`GET /version`, `GET /status`). The 5.x RBAC manager API has neither (api_layout "5.x" fails clearly).
 */
export interface ServiceData {
  version: string | null;
  api_version: string | null;
  db_schema_version: string | null;
  engine_version: string | null;
  engine_db_version: string | null;
  up: boolean | null;
  busy: boolean | null;
  message: string | null;
}

export const serviceData = defineDataSource<AnchoreClient, ServiceData>({
  typeName: 'secops_anchore_service',
  schema: {
    description: 'Version and status of the Anchore Enterprise 4.x RBAC manager service.',
    attributes: {
      version: { type: STRING, computed: true, description: 'Semantic version of the service.' },
      api_version: { type: STRING, computed: true, description: 'Semantic version of its API.' },
      db_schema_version: { type: STRING, computed: true, description: 'Version of its database schema.' },
      engine_version: { type: STRING, computed: true, description: 'Version of the installed engine library.' },
      engine_db_version: { type: STRING, computed: true, description: 'Version of the installed engine database schema.' },
      up: { type: BOOL, computed: true, description: 'Whether the service is up.' },
      busy: { type: BOOL, computed: true, description: 'Whether the service is busy.' },
      message: { type: STRING, computed: true, description: 'Status message.' },
    },
  },

  async read(ctx) {
    const [version, status] = await Promise.all([ctx.client.version(ctx.signal), ctx.client.status(ctx.signal)]);
    return {
      version: version.service?.version ?? null,
      api_version: version.api?.version ?? null,
      db_schema_version: version.db?.schema_version ?? null,
      engine_version: version.engine?.version ?? null,
      engine_db_version: version.engine?.db ?? null,
      up: status.up ?? null,
      busy: status.busy ?? null,
      message: status.message ?? null,
    };
  },
});
