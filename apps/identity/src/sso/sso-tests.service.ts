import { randomUUID } from 'node:crypto';

import type {
  CommandContext,
  FinishSsoTestRequest,
  SsoTestEventPayloads,
  SsoTestView,
} from '@coffer/contracts';
import type { EventStore } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { SignInService } from '../sign-in/sign-in.service';
import { type SsoTestDocument, type SsoTestStore, viewOf } from './sso-test-store';

type Account = NonNullable<SsoTestView['account']>;

/**
 * Settings → SSO → "Test sign-in": a cloud administrator sends themselves through the IdP and
 * reads what came back and which account it maps to. Nobody is signed in and no assertion is
 * spent; the result is kept for the console and audited (`identity.sso.tested`).
 */
export class SsoTestsService {
  constructor(
    private readonly tests: SsoTestStore,
    private readonly readModel: IdentityReadModel,
    private readonly signIn: SignInService,
    private readonly auditLog: { store: EventStore; nudge: () => void },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(context: CommandContext, orgId: string): Promise<SsoTestView> {
    await assertCloudAdministrator(
      this.readModel,
      context,
      orgId,
      'Only a cloud administrator can test single sign-on.',
    );
    if (!(await this.readModel.ssoSettings(orgId)))
      throw new ServiceError('sso-not-configured', 'Set up single sign-on before testing it.');
    const administrator = context.actor.id
      ? await this.readModel.administratorById(context.actor.id)
      : undefined;
    const document: SsoTestDocument = {
      _id: randomUUID(),
      orgId,
      status: 'pending',
      startedAt: this.now().toISOString(),
      startedBy: {
        id: context.actor.id ?? 'system',
        email: administrator?.email ?? context.actor.email ?? 'system',
      },
    };
    await this.tests.insert(document);
    return viewOf(document);
  }

  async begin(orgId: string, testId: string): Promise<SsoTestView> {
    const test = await this.found(orgId, testId);
    if (!(await this.tests.move(testId, 'pending', { status: 'started' })))
      throw new ServiceError('sso-test-already-started');
    return viewOf({ ...test, status: 'started' });
  }

  get(orgId: string, testId: string): Promise<SsoTestView> {
    return this.found(orgId, testId).then(viewOf);
  }

  async finish(request: FinishSsoTestRequest): Promise<SsoTestView> {
    const test = await this.found(request.orgId, request.testId);
    const { outcome } = request;
    let result: Partial<SsoTestDocument>;
    if (outcome.accepted) {
      const received = {
        nameId: outcome.nameId,
        email: outcome.email,
        attributes: outcome.attributes,
      };
      const account = await this.accountFor(request.orgId, outcome.email);
      result = account
        ? { status: 'succeeded', received, account }
        : {
            status: 'failed',
            received,
            failure: {
              reason: 'unknown-user',
              detail: `No administrator or user of this organisation has the email address ${outcome.email}.`,
            },
          };
    } else {
      result = {
        status: 'failed',
        failure: { reason: outcome.reason, detail: outcome.detail },
        ...(outcome.nameId !== undefined
          ? { received: { nameId: outcome.nameId, email: null, attributes: {} } }
          : {}),
      };
    }
    const finished = { ...result, finishedAt: this.now().toISOString() };
    if (!(await this.tests.move(request.testId, 'started', finished)))
      throw new ServiceError('sso-test-already-finished');
    const view = viewOf({ ...test, ...finished });
    await this.audit(view, request);
    return view;
  }

  /** The account a real SSO sign-in with this email would be: an administrator first, then a user. */
  private async accountFor(orgId: string, email: string): Promise<Account | undefined> {
    for (const surface of ['console', 'portal'] as const) {
      const found = await this.signIn.findAccount(surface, email);
      if (found?.orgId !== orgId) continue;
      const known =
        found.kind === 'administrator'
          ? await this.readModel.administratorById(found.id)
          : await this.readModel.userById(found.id);
      return { kind: found.kind, id: found.id, email: known?.email ?? email, status: found.status };
    }
    return undefined;
  }

  private async audit(view: SsoTestView, request: FinishSsoTestRequest): Promise<void> {
    const payload: SsoTestEventPayloads['identity.sso.tested'] = {
      testId: view.id,
      outcome: view.status === 'succeeded' ? 'succeeded' : 'failed',
      ...(view.failure ? { failure: view.failure.reason, detail: view.failure.detail } : {}),
      ...(view.received?.nameId ? { nameId: view.received.nameId } : {}),
      ...(view.account
        ? { account: { kind: view.account.kind, id: view.account.id, email: view.account.email } }
        : {}),
    };
    await this.auditLog.store.append({
      aggregate: { type: 'sso-test', id: view.id },
      orgId: view.orgId,
      expectedVersion: 0,
      events: [{ type: 'identity.sso.tested', schemaVersion: 1, payload }],
      context: {
        actor: {
          type: 'administrator',
          id: view.startedBy.id,
          email: view.startedBy.email,
          ...request.client,
        },
        correlationId: request.correlationId,
      },
    });
    this.auditLog.nudge();
  }

  private async found(orgId: string, testId: string): Promise<SsoTestDocument> {
    const test = await this.tests.get(orgId, testId);
    if (!test) throw new ServiceError('sso-test-not-found');
    return test;
  }
}
