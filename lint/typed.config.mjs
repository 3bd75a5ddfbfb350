// `npm run lint`'s second process: the type-aware Pulumi rules (see ../eslint.config.mjs).
export { typed as default } from "../eslint.config.mjs";
