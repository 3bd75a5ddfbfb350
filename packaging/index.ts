// Public API of the package builder (see README.md).
export {
  DIRECT_UPLOAD_LIMIT_BYTES,
  RUNTIME_TARGETS,
  buildPackage,
  runtimeTargets,
  setBuildProgressListener,
  type BuildProgress,
  type BuildPackageOptions,
  type BuiltPackage,
  type PrebuiltPackageSpec,
  type SourcePackageSpec,
} from "./build";
export { CACHE_ENTRIES_PER_PACKAGE, FileHasher } from "./cache";
export { PackageBuildError } from "./errors";
export { ZIP_COMPRESSION_LEVEL, ZIP_FILE_MODE, measureZip, toDeterministicZip, type ZipMeasurement } from "./zip";
