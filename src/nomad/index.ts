// Nomad knowledge shared by the client, the provider, the simulator and the review checks.
export * from './bexpr';
