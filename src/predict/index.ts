// Accuracy predictors: feature encodings, ONNX models, the tree trainer and benchmark tables.
export type { Predictor, PredictorOptions } from "./predictor.js";
export { openPredictor } from "./predictor.js";
export type { FeatureEncoding } from "./features.js";
export { encodingsFor, defaultEncoding, getEncoding, encodeFeatures, genomeOneHot } from "./features.js";
export type { TrainerParams, TreeEnsemble, Tree, TrainingResult } from "./gbdt.js";
export { DEFAULT_TRAINER_PARAMS, trainGbdt, predictEnsemble } from "./gbdt.js";
export type { DuplicatePolicy, TrainingRows, FittedModel } from "./fit.js";
export { readTrainingRows, fitModel, DUPLICATE_POLICIES } from "./fit.js";
export { readOnnxModelInfo, treeEnsembleToOnnx, METADATA } from "./onnxModel.js";
