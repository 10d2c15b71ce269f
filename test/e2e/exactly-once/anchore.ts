import { Census, censusOf, FaultScenario } from './harness';
import { AnchoreApiLayout } from '../../../src/clients/anchore/settings';
import { AnchoreSimulator, memberKey, PLATFORM_ENGINEERS_GROUP, SECURITY_AUDITORS_GROUP } from '../../../src/simulators/anchore';

const USERS = ['alice', 'bob', 'ci-bot', 'carol'] as const;
const ROLES = ['read-only', 'read-write', 'policy-editor', 'image-analyzer', 'report-viewer'] as const;
const ACCOUNTS = ['engineering', 'security'] as const;
const MEMBERS = 20;

interface Membership { readonly role: string; readonly account: string; readonly username: string }
interface Idp { readonly name: string; readonly metadata: string; readonly defaultAccount: string; readonly defaultRole: string }

/** Two IdPs: one with its metadata document inline, one with a metadata URL. */
const IDPS: readonly Idp[] = [
  { name: 'okta', metadata: 'idp_metadata_xml = "<EntityDescriptor entityID=\\"https://okta.example.com\\"/>"', defaultAccount: 'engineering', defaultRole: 'read-only' },
  { name: 'azure', metadata: 'idp_metadata_url = "https://login.example.com/federationmetadata.xml"', defaultAccount: 'security', defaultRole: 'report-viewer' },
];
/** The simulator's seeded user groups, by UUID. */
const GROUPS: Readonly<Record<string, string>> = { [PLATFORM_ENGINEERS_GROUP]: 'platform-engineers', [SECURITY_AUDITORS_GROUP]: 'security-auditors' };

/**
 * The simulator's users granted roles in both user accounts: every user, role and account
 * combination, in order, except the memberships the simulator is seeded with, up to 20.
 */
function memberships(seeded: ReadonlySet<string>): Membership[] {
  const all = USERS.flatMap(username => ROLES.flatMap(role => ACCOUNTS.map(account => ({ role, account, username }))));
  return all.filter(member => !seeded.has(keyOf(member))).slice(0, MEMBERS);
}

/**
 * Anchore RBAC through faults: 20 role members (four users, five roles, two accounts) and two
 * SAML IdPs; in the 5.x layout also both seeded user groups mapped to both IdPs. The census
 * describes memberships by role/account/username (the seeded ones left out), IdPs by name and
 * key fields, mappings by IdP and group name.
 */
export function anchoreScenario(layout: AnchoreApiLayout = '4.x'): FaultScenario {
  let sim: AnchoreSimulator | undefined;
  // Every simulator starts with the same memberships: read them from one that is never started.
  const seeded = new Set(new AnchoreSimulator({ env: {} }).state.members.list().map(keyOf));
  const simulator = (): AnchoreSimulator => {
    if (sim === undefined) throw new Error('the Anchore scenario is not started');
    return sim;
  };
  const mappings = layout === '5.x' ? IDPS.flatMap(idp => Object.keys(GROUPS).map(group => ({ idp: idp.name, group }))) : [];
  const describeMapping = (idp: string, uuid: string) => `mapping ${idp}/${GROUPS[uuid] ?? uuid}`;

  return {
    name: `anchore-${layout}`,
    async start() {
      sim = new AnchoreSimulator({ env: {} });
      await sim.start();
    },
    simulators: () => [simulator()],
    env: () => ({ ANCHORE_URL: simulator().url, ANCHORE_USER: 'admin', ANCHORE_PASSWORD: simulator().adminPassword }),
    config: () => [
      `provider "secops" {\n  anchore {\n    api_layout = "${layout}"\n  }\n}`,
      ...memberships(seeded).map(memberHcl),
      ...IDPS.map(idp => idpHcl(idp, layout)),
      ...mappings.map(({ idp, group }) => mappingHcl(idp, group)),
    ].join('\n\n'),
    expected: () => censusOf([
      ...memberships(seeded).map(describeMember),
      ...IDPS.map(idp => describeIdp({ name: idp.name, sp_entity_id: spEntityId(idp), acs_url: acsUrl(idp), enabled: true, ...defaultsOf(idp) })),
      ...mappings.map(({ idp, group }) => describeMapping(idp, group)),
    ]),
    async census(): Promise<Census> {
      const { state } = simulator();
      return censusOf([
        ...state.members.list().filter(member => !seeded.has(keyOf(member))).map(describeMember),
        ...state.idps.list().map(describeIdp),
        ...state.idpUserGroups.list().map(mapping => describeMapping(mapping.idp, mapping.uuid)),
      ]);
    },
    async stop() {
      await sim?.stop();
      sim = undefined;
    },
  };
}

function keyOf(member: Membership): string {
  return memberKey(member.role, member.account, member.username);
}

function describeMember(member: Membership): string {
  return `member ${keyOf(member)}`;
}

interface IdpFields { name: string; sp_entity_id: string; acs_url: string; enabled: boolean; default_account?: unknown; default_role?: unknown }

function describeIdp(idp: IdpFields): string {
  return `idp ${idp.name} sp=${idp.sp_entity_id} acs=${idp.acs_url} enabled=${idp.enabled} account=${String(idp.default_account)} role=${String(idp.default_role)}`;
}

function defaultsOf(idp: Idp): { default_account: string; default_role: string } {
  return { default_account: idp.defaultAccount, default_role: idp.defaultRole };
}

const spEntityId = (idp: Idp) => `https://anchore.example.com/sp/${idp.name}`;
const acsUrl = (idp: Idp) => `https://anchore.example.com/service/sso/auth/${idp.name}`;

function memberHcl(member: Membership): string {
  return `resource "secops_anchore_role_member" "${`${member.username}_${member.role}_${member.account}`.replace(/-/g, '_')}" {
  role_name   = "${member.role}"
  username    = "${member.username}"
  for_account = "${member.account}"
}`;
}

function idpHcl(idp: Idp, layout: AnchoreApiLayout): string {
  return `resource "secops_anchore_saml_idp" "${idp.name}" {
  name            = "${idp.name}"
  sp_entity_id    = "${spEntityId(idp)}"
  acs_url         = "${acsUrl(idp)}"
  ${idp.metadata}
  default_account = "${idp.defaultAccount}"
  default_role    = "${idp.defaultRole}"${layout === '5.x' ? '\n  idp_groups_attribute = "groups"' : ''}
}`;
}

function mappingHcl(idp: string, group: string): string {
  return `resource "secops_anchore_saml_idp_user_group_mapping" "${idp}_${group.slice(-2)}" {
  idp_name        = secops_anchore_saml_idp.${idp}.name
  user_group_uuid = "${group}"
}`;
}
