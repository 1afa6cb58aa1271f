export { archiveForm } from './archive-form';
export { expectEventually } from './expect-eventually';
export { HttpClient, type HttpResult } from './http-client';
export { IdentitySeeder } from './identity-seeder';
export { Mailbox, type CaughtMail } from './mailbox';
export { totpCode } from './totp-code';
export { SoftwareAuthenticator } from './software-authenticator';
export {
  ALL_SERVICES,
  ServiceProcesses,
  waitForHealthyGateway,
  type LaunchOptions,
  type ServiceName,
} from './service-processes';
export { dropNamespaceDatabases } from './namespace-databases';
export { REPO_ROOT, TEST_PORT_OFFSET, testEnvironment } from './test-environment';
export {
  servicesUnderTest,
  withServicesRunning,
  type ServicesOptions,
  type ServicesUnderTest,
} from './services-under-test';
export { checkConsistencyWithOps, importMailboxWithOps, runOps, runOpsText } from './ops-command';
export { MixedLoad, type LoadAccounts, type LoadCommand } from './mixed-load';
export { expectLoadRecorded } from './load-verification';
export { controlInfra } from './infra-control';
export { fuzzApi, schemathesisCli, type FuzzRun } from './schemathesis';
export { oneOfEachResource } from './one-of-each-resource';
export { openApiOperations, type OpenApiOperation } from './openapi-operations';
export { SimpleSamlIdp, type IdpAnswer, type IdpUser } from './simplesamlphp-idp';
export {
  authnRequestIdOf,
  forgeSamlResponse,
  signAssertion,
  type ForgedAssertion,
} from './saml-response-forge';
export {
  launchBrowser,
  saveScreenshot,
  SCREENSHOT_DIR,
  seriousAccessibilityViolations,
  type AccessibilityViolation,
} from './browser';
export {
  deciderSpecification,
  type DeciderExpectation,
} from './specifications/decider-specification';
export { expectRedeliveryChangesNothing } from './specifications/projection-specification';
