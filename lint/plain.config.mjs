// `npm run lint`'s first process: every rule that needs no type information (see ../eslint.config.mjs).
export { plain as default } from "../eslint.config.mjs";
