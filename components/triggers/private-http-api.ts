import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/problems";
import { apiResourcePaths, deploymentTriggerInputs, privateApiInvokeUrl, privateApiResourcePolicy, routeId, routeSlug, routeSourceArn, routeStatementId } from "./http-routes";
import { TRIGGER_DEFAULTS, type HttpRoute } from "./settings";
import { validateHttpTrigger, validateTriggerTarget } from "./validate";
import { aliasQualifier, type TriggerTarget } from "./target";

/** Arguments for {@link PrivateHttpApi}. */
export interface PrivateHttpApiArgs {
  /** The function alias behind every route, with its API Gateway invoke ARN. */
  readonly target: TriggerTarget & { readonly aliasInvokeArn: pulumi.Input<string> };
  /** The function's timeout, checked to fit the integration timeout. @default - not checked */
  readonly functionTimeoutSeconds?: number;
  /** REST API name (need not be unique). */
  readonly apiName: string;
  /** Region of the API, for its invoke URL. */
  readonly region: string;
  /** The `execute-api` interface endpoint: the only way in (resource policy on `aws:SourceVpce`). */
  readonly vpcEndpointId: pulumi.Input<string>;
  /** Routes, each an AWS_PROXY integration with the alias. At least one. */
  readonly routes: readonly HttpRoute[];
  /** @default "v1" */
  readonly stageName?: string;
  /** Integration timeout, whole seconds, 1–29 (more only with `allowRaisedIntegrationTimeout`). @default 29 */
  readonly integrationTimeoutSeconds?: number;
  /** The account's integration-timeout quota has been raised above 29 s. @default false */
  readonly allowRaisedIntegrationTimeout?: boolean;
  /** @default - "Private API of <apiName>" */
  readonly description?: string;
}

/**
 * A private REST API (endpoint type PRIVATE) in front of a function's alias. Reachable only from the
 * VPC through the given `execute-api` interface endpoint: the resource policy allows
 * `execute-api:Invoke` when `aws:SourceVpce` is that endpoint and denies it otherwise. Each route is an
 * AWS_PROXY integration with the alias's invoke ARN and has its own Lambda permission with
 * `qualifier` = alias name and `sourceArn` = this API's stage, method and path.
 *
 * Children: `<name>-api`, `<name>-policy`, `<name>-resource-<path>`, `<name>-method-<route>`,
 * `<name>-integration-<route>`, `<name>-permission-<route>`, `<name>-deployment`, `<name>-stage`.
 */
export class PrivateHttpApi extends pulumi.ComponentResource {
  public static readonly type = "private-lambda:triggers:PrivateHttpApi";

  public readonly restApiId: pulumi.Output<string>;
  public readonly executionArn: pulumi.Output<string>;
  public readonly stageName: string;
  /** `https://{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com/{stage}`: works from the VPC without private DNS. */
  public readonly invokeUrl: pulumi.Output<string>;
  /** `METHOD /path` of every route. */
  public readonly routes: string[];

  constructor(name: string, args: PrivateHttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PrivateHttpApi.type, name, {}, opts);
    const stageName = args.stageName ?? TRIGGER_DEFAULTS.stageName;
    const integrationTimeoutSeconds = args.integrationTimeoutSeconds ?? TRIGGER_DEFAULTS.integrationTimeoutSeconds;
    const settings = { routes: args.routes, stageName, integrationTimeoutSeconds, allowRaisedIntegrationTimeout: args.allowRaisedIntegrationTimeout ?? false };
    throwIfProblems(this, `Invalid PrivateHttpApi "${name}"`, [
      ...validateTriggerTarget(args.target.aliasName, `${name}.target.aliasName`),
      ...validateHttpTrigger(settings, name, { timeoutSeconds: args.functionTimeoutSeconds, timeoutPath: `${name}.functionTimeoutSeconds` }),
    ]);
    const parent = { parent: this };

    const api = new aws.apigateway.RestApi(
      `${name}-api`,
      {
        name: args.apiName,
        description: args.description ?? `Private API of ${args.apiName}`,
        endpointConfiguration: { types: "PRIVATE", vpcEndpointIds: [args.vpcEndpointId] },
      },
      parent,
    );
    // A private API cannot be deployed without a resource policy.
    const policyDocument = pulumi.all([api.executionArn, args.vpcEndpointId]).apply(([executionArn, vpce]) => privateApiResourcePolicy(executionArn, vpce));
    const policy = new aws.apigateway.RestApiPolicy(`${name}-policy`, { restApiId: api.id, policy: policyDocument }, parent);

    const resources = new Map<string, aws.apigateway.Resource>();
    for (const r of apiResourcePaths(args.routes)) {
      const parentId = r.parentPath === "/" ? api.rootResourceId : resources.get(r.parentPath)!.id;
      resources.set(r.path, new aws.apigateway.Resource(`${name}-resource-${routeSlug(r.path)}`, { restApi: api.id, parentId, pathPart: r.pathPart }, parent));
    }
    const resourceIdOf = (path: string) => (path === "/" ? api.rootResourceId : resources.get(path)!.id);

    const qualifier = aliasQualifier(args.target);
    const methods: pulumi.Resource[] = [];
    for (const route of args.routes) {
      const id = routeId(route);
      const params = route.path.split("/").flatMap((s) => /^\{([^}+]+)\+?\}$/.exec(s)?.[1] ?? []);
      const method = new aws.apigateway.Method(
        `${name}-method-${id}`,
        {
          restApi: api.id,
          resourceId: resourceIdOf(route.path),
          httpMethod: route.method,
          // The resource policy already limits callers to the VPC endpoint; add IAM or a custom
          // authorizer here for per-caller identity.
          authorization: "NONE",
          requestParameters: params.length > 0 ? Object.fromEntries(params.map((p) => [`method.request.path.${p}`, true])) : undefined,
        },
        parent,
      );
      const integration = new aws.apigateway.Integration(
        `${name}-integration-${id}`,
        {
          restApi: api.id,
          resourceId: method.resourceId,
          httpMethod: method.httpMethod,
          type: "AWS_PROXY",
          integrationHttpMethod: "POST",
          uri: args.target.aliasInvokeArn,
          timeoutMilliseconds: integrationTimeoutSeconds * 1000,
        },
        parent,
      );
      new aws.lambda.Permission(
        `${name}-permission-${id}`,
        {
          statementId: routeStatementId(route),
          action: "lambda:InvokeFunction",
          function: args.target.functionName,
          qualifier,
          principal: "apigateway.amazonaws.com",
          sourceArn: api.executionArn.apply((executionArn) => routeSourceArn(executionArn, stageName, route)),
        },
        parent,
      );
      methods.push(method, integration);
    }

    // Redeploy when the routes, the integration timeout, the integration targets (the alias invoke
    // ARN: a new alias or function name) or the resource policy change. The alias invoke ARN has no
    // version in it: new function versions reach callers through the alias without a redeployment.
    const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
    const triggerInputs = pulumi
      .output(args.target.aliasInvokeArn)
      .apply((uri) => deploymentTriggerInputs({ routes: args.routes, integrationTimeoutSeconds, integrationUris: args.routes.map(() => uri) }));
    const deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      {
        restApi: api.id,
        description: `Routes ${args.routes.map((r) => `${r.method} ${r.path}`).join(", ")}`,
        triggers: {
          routes: sha256(deploymentTriggerInputs({ routes: args.routes, integrationTimeoutSeconds, integrationUris: [] }).routes),
          integrations: triggerInputs.apply((t) => sha256(t.integrations)),
          policy: policyDocument.apply(sha256),
        },
      },
      { parent: this, dependsOn: [...methods, policy] },
    );
    const stage = new aws.apigateway.Stage(`${name}-stage`, { restApi: api.id, deployment: deployment.id, stageName }, parent);

    this.restApiId = api.id;
    this.executionArn = api.executionArn;
    this.stageName = stageName;
    this.invokeUrl = pulumi.all([api.id, args.vpcEndpointId, stage.stageName]).apply(([id, vpce, s]) => privateApiInvokeUrl(id, vpce, args.region, s));
    this.routes = args.routes.map((r) => `${r.method} ${r.path}`);
    this.registerOutputs({ restApiId: this.restApiId, executionArn: this.executionArn, stageName: this.stageName, invokeUrl: this.invokeUrl, routes: this.routes });
  }
}
