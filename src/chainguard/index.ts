export { Uidp } from './uidp';
export type { UidpParts } from './uidp';
export { ChainguardEventCatalogue, ChainguardEventFieldKind, ChainguardEventTypes } from './catalogue';
export type { ChainguardEventField, ChainguardEventTypeInfo } from './catalogue';
export { ChainguardEventReceiver } from './receiver';
export type { ChainguardEvent, ChainguardEventReceiverProps, ChainguardReceiveResult } from './receiver';
