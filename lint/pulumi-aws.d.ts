// `@pulumi/aws` as the type-aware lint sees it (tsconfig.lint.json maps the package name here): the
// package's own declaration files, re-exported for the services and top-level functions this
// repository uses, so the lint's TypeScript program does not load the other ~250 services. Same
// names and paths as the package's index.d.ts. test/lint/pulumi-aws-shim.test.ts lists every
// `aws.<name>` the code uses and fails if one is missing here; add it in the same form.
export * from "@pulumi/aws/provider";
export { GetAvailabilityZonesArgs, GetAvailabilityZonesResult, GetAvailabilityZonesOutputArgs } from "@pulumi/aws/getAvailabilityZones";
export declare const getAvailabilityZones: typeof import("@pulumi/aws/getAvailabilityZones").getAvailabilityZones;
export declare const getAvailabilityZonesOutput: typeof import("@pulumi/aws/getAvailabilityZones").getAvailabilityZonesOutput;
export { GetCallerIdentityArgs, GetCallerIdentityResult, GetCallerIdentityOutputArgs } from "@pulumi/aws/getCallerIdentity";
export declare const getCallerIdentity: typeof import("@pulumi/aws/getCallerIdentity").getCallerIdentity;
export declare const getCallerIdentityOutput: typeof import("@pulumi/aws/getCallerIdentity").getCallerIdentityOutput;
import * as apigateway from "@pulumi/aws/apigateway";
import * as appautoscaling from "@pulumi/aws/appautoscaling";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as dynamodb from "@pulumi/aws/dynamodb";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as s3 from "@pulumi/aws/s3";
import * as scheduler from "@pulumi/aws/scheduler";
import * as sqs from "@pulumi/aws/sqs";
import * as vpc from "@pulumi/aws/vpc";
import * as types from "@pulumi/aws/types";
export { apigateway, appautoscaling, cloudwatch, dynamodb, ec2, iam, lambda, s3, scheduler, sqs, vpc, types };
