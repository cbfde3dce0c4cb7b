/**
 * @nillion/vm-client — VmClient: store, retrieve, update and delete values, permissions, programs and
 * compute against any nilvm network (protocol v0.10).
 *
 * This entry point is the package's whole public API. The package's `exports` give Node.js and browsers
 * their own build, which differ only in the default transport and in `Network.fromConfig`.
 *
 * @packageDocumentation
 */
export type { CallOptions } from "./call-options.js";
export type { Cluster, ClusterNode } from "./cluster.js";
export type {
  CompositeOperation,
  PaidCompositeOperation,
  QuotedCompositeOperation,
} from "./composite-operation.js";
export { Network } from "./network.js";
export type { NetworkInit } from "./network-init.js";
export type { NodeVersion } from "./node-version.js";
export type { FreeOperation, PaidOperation, PayableOperation, QuotedOperation } from "./operation.js";
export type { ComputeOptions } from "./operations/compute.js";
export type {
  GenerateThresholdKeyRequest,
  ThresholdKey,
  ThresholdPublicKeys,
} from "./operations/generate-threshold-key.js";
export type { PoolStatus, PreprocessingOffsets } from "./operations/pool-status.js";
export type { SignDigestRequest } from "./operations/sign-digest.js";
export type { SignMessageRequest } from "./operations/sign-message.js";
export type { InvokeStoreValuesOptions, StoreValuesOptions } from "./operations/store-values.js";
export type { ThresholdCurve } from "./operations/threshold-curve.js";
export type { ThresholdPublicKeyRequest } from "./operations/threshold-public-key.js";
export { InputPartyBindingProto } from "./proto/input-party-binding-proto.js";
export { OutputPartyBindingProto } from "./proto/output-party-binding-proto.js";
export { PermissionsProto } from "./proto/permissions-proto.js";
export { UserIdProto } from "./proto/user-id-proto.js";
export type { RetryEvent, RetryPolicy } from "./retry-policy.js";
export type { TransportFactory, TransportTarget } from "./transport-factory.js";
export { VmClient } from "./vm-client.js";
export type { VmClientOptions } from "./vm-client-options.js";
