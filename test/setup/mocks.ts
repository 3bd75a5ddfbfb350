// Placeholder: replaced by the Pulumi mock setup (see ../shared/docs/mocks.md).
export {};
