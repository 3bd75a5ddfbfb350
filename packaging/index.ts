// Public API of the package builder (see README.md).
export {
  CACHE_ENTRIES_PER_PACKAGE,
  DIRECT_UPLOAD_LIMIT_BYTES,
  PackageBuildError,
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
export { ZIP_COMPRESSION_LEVEL, ZIP_FILE_MODE, measureZip, toDeterministicZip, type ZipMeasurement } from "./zip";
