import * as api from '@dl/face';
import { describe, expect, it } from 'vitest';

describe('@dl/face public surface', () => {
  it('exports exactly these names (changing the surface is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CHIP_SIZE',
      'DEFAULT_CALIBRATION',
      'DEFAULT_FACE_AUGMENT',
      'DEFAULT_FACE_SPLIT',
      'DEFAULT_FACE_THRESHOLD',
      'DEFAULT_PREPROCESSING',
      'DESCRIPTOR_MODEL_ID',
      'DETECT_DEFAULTS',
      'FACE_API_PACKAGE',
      'FACE_API_WEIGHTS',
      'FACE_ARCHITECTURES',
      'FACE_MODEL_DEFAULTS',
      'FACE_TASK',
      'FACE_TRAIN_DEFAULTS',
      'GALLERY_FORMAT',
      'GALLERY_FORMAT_VERSION',
      'SEED_PREPROCESSING',
      'SYNTH_FACES_DEFAULTS',
      'accuracyByPerson',
      'addToGallery',
      'augmentFace',
      'buildFaceModel',
      'buildFaceSeedModel',
      'calibrateGallery',
      'canCalibrate',
      'checkGalleryModel',
      'chooseThreshold',
      'distanceRatio',
      'enrollFaces',
      'enrolmentImages',
      'euclidean',
      'evaluateFace',
      'eyesOf',
      'faceApiModelDir',
      'formatPersonAccuracy',
      'galleryScores',
      'identifyFaces',
      'loadFaceDataset',
      'loadFaceEmbedder',
      'loadFacePredictor',
      'loadGallery',
      'matchDescriptor',
      'newGallery',
      'pairDistances',
      'parseEyeFile',
      'preprocessFace',
      'renderFace',
      'rocCurve',
      'rollOf',
      'saveGallery',
      'splitFaces',
      'synthFaceDataset',
      'synthIdentity',
      'synthPose',
      'tarAtFar',
      'trainFace',
      'verifyFaces',
      'writeSyntheticFaces',
    ]);
  });

  it('re-exports no @dl/core names', () => {
    for (const name of ['tf', 'DlError', 'initBackend', 'readImage'])
      expect(api).not.toHaveProperty(name);
  });
});
