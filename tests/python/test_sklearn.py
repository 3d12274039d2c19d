"""scikit-learn's Array API path (array_api_dispatch=True, SCIPY_ARRAY_API=1)
on raptors arrays: results are raptors arrays equal to the NumPy results.

Cases that need functions raptors does not have yet run as soon as those
exist (each names what it needs; docs/array_api.md keeps the same list)."""

import os

os.environ.setdefault("SCIPY_ARRAY_API", "1")  # read by scipy at its import

import numpy as np
import pytest

import raptors as rp

sklearn = pytest.importorskip("sklearn")
pytest.importorskip("array_api_compat")


def _has(feature):
    try:
        if feature == "boolean-mask indexing":
            x = rp.zeros(2)
            x[rp.asarray(np.array([True, False]))] = 1.0
            return True
        if feature == "matmul":
            rp.ones((2, 2)) @ rp.ones((2, 2))
            return True
        if feature == "raptors 0-d results of full reductions":
            # through the namespace (raptors.array_api): raptors.mean gives a
            # NumPy scalar, which array_api_compat files under NumPy's namespace
            xp = rp.ones(3).__array_namespace__()
            return isinstance(xp.mean(rp.ones(3), axis=0), rp.ndarray)
        if feature.startswith("linalg."):
            return hasattr(getattr(rp, "linalg", None), feature.split(".", 1)[1])
        return hasattr(rp, feature)
    except Exception:
        return False



@pytest.fixture(autouse=True)
def _dispatch():
    with sklearn.config_context(array_api_dispatch=True):
        yield


rng = np.random.default_rng(0)
X = rng.standard_normal((40, 5))
Y = rng.standard_normal(40)
Y2 = rng.standard_normal(40)
YC = (X[:, 0] + 0.3 * X[:, 1] > 0).astype(np.int64)
YC2 = (X[:, 1] > 0).astype(np.int64)


def _check(ours, theirs, rtol=1e-6):
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, rp.ndarray), type(ours)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=rtol, atol=1e-10)


def _both(fn, *arrays):
    return fn(*[None if a is None else rp.asarray(a) for a in arrays]), fn(*arrays)


# ---- estimators ---------------------------------------------------------------


def _transformer(make):
    return lambda x: make().fit(x).transform(x)


def _predictor(make):
    return lambda x, y: make().fit(x, y).predict(x)


def _proba(make):
    return lambda x, y: make().fit(x, y).predict_proba(x)


def _est(name):
    from sklearn import (calibration, decomposition, discriminant_analysis, kernel_approximation,
                         linear_model, mixture, naive_bayes, preprocessing)

    return {
        "KernelCenterer": (lambda k: preprocessing.KernelCenterer().fit(k).transform(k),
                           (X @ X.T,), ()),
        "PolynomialFeatures": (_transformer(lambda: preprocessing.PolynomialFeatures(2)), (X,), ()),
        "StandardScaler": (_transformer(preprocessing.StandardScaler), (X,),
                           ("boolean-mask indexing",)),
        "MinMaxScaler": (_transformer(preprocessing.MinMaxScaler), (X,),
                         ("boolean-mask indexing",)),
        "MaxAbsScaler": (_transformer(preprocessing.MaxAbsScaler), (X,),
                         ("boolean-mask indexing",)),
        "Normalizer": (_transformer(preprocessing.Normalizer), (X,), ("boolean-mask indexing",)),
        "Binarizer": (_transformer(preprocessing.Binarizer), (X,), ("boolean-mask indexing",)),
        "PCA(svd_solver='full')": (
            _transformer(lambda: decomposition.PCA(2, svd_solver="full")), (X,),
            ("linalg.svd", "matmul", "boolean-mask indexing")),
        "PCA(svd_solver='covariance_eigh')": (
            _transformer(lambda: decomposition.PCA(2, svd_solver="covariance_eigh")), (X,),
            ("linalg.eigh", "matmul", "boolean-mask indexing")),
        "Ridge(solver='svd')": (_predictor(lambda: linear_model.Ridge(solver="svd")), (X, Y),
                                ("linalg.svd", "matmul", "raptors 0-d results of full reductions")),
        "RidgeCV": (_predictor(linear_model.RidgeCV), (X, Y),
                    ("matmul", "linalg.svd", "raptors 0-d results of full reductions")),
        "RidgeClassifier(solver='svd')": (
            _predictor(lambda: linear_model.RidgeClassifier(solver="svd")), (X, YC),
            ("unique_values", "unique_inverse", "linalg.svd", "matmul")),
        "LinearDiscriminantAnalysis(solver='svd')": (
            _predictor(lambda: discriminant_analysis.LinearDiscriminantAnalysis(solver="svd")),
            (X, YC), ("unique_values", "unique_inverse", "take", "linalg.svd", "matmul",
                      "boolean-mask indexing")),
        # the others scikit-learn 1.9 tags array_api_support (with these settings)
        "RidgeClassifierCV": (_predictor(linear_model.RidgeClassifierCV), (X, YC),
                              ("unique_values", "linalg.svd", "matmul",
                               "raptors 0-d results of full reductions")),
        "LogisticRegression": (_proba(linear_model.LogisticRegression), (X, YC),
                               ("unique_values", "matmul")),
        "PoissonRegressor": (_predictor(linear_model.PoissonRegressor), (X, np.abs(Y)),
                             ("matmul",)),
        "GaussianNB": (_proba(naive_bayes.GaussianNB), (X, YC), ("unique_values",)),
        "LabelEncoder": (lambda y: preprocessing.LabelEncoder().fit(y).transform(y), (YC,),
                         ("unique_values", "searchsorted")),
        "Nystroem": (_transformer(lambda: kernel_approximation.Nystroem(
            n_components=10, random_state=0)), (X,), ("linalg.svd", "matmul")),
        "GaussianMixture": (_proba(lambda: mixture.GaussianMixture(
            2, init_params="random_from_data", random_state=0)), (X, None),
            ("linalg.cholesky", "matmul")),
        "CalibratedClassifierCV(method='temperature')": (
            _proba(lambda: calibration.CalibratedClassifierCV(
                linear_model.RidgeClassifier(solver="svd"), method="temperature")), (X, YC),
            ("unique_values", "linalg.svd", "matmul")),
    }[name]


ESTIMATORS = ["KernelCenterer", "PolynomialFeatures", "StandardScaler", "MinMaxScaler",
              "MaxAbsScaler", "Normalizer", "Binarizer", "PCA(svd_solver='full')",
              "PCA(svd_solver='covariance_eigh')", "Ridge(solver='svd')", "RidgeCV",
              "RidgeClassifier(solver='svd')", "LinearDiscriminantAnalysis(solver='svd')",
              "RidgeClassifierCV", "LogisticRegression", "PoissonRegressor", "GaussianNB",
              "LabelEncoder", "Nystroem", "GaussianMixture",
              "CalibratedClassifierCV(method='temperature')"]


@pytest.mark.parametrize("name", ESTIMATORS)
def test_estimator_matches_numpy(name):
    fn, inputs, needs = _est(name)
    missing = [f for f in needs if not _has(f)]
    if missing:
        pytest.skip("needs " + ", ".join(missing) + " (docs/array_api.md)")
    ours, theirs = _both(fn, *inputs)
    if name.startswith("PCA"):  # components' signs are arbitrary
        ours, theirs = np.abs(np.asarray(ours)), np.abs(theirs)
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-10)
        return
    _check(ours, theirs)


# ---- metrics and pairwise functions scikit-learn lists as Array API ready ----

METRICS = {
    "mean_squared_error": ((Y, Y2), ()),
    "mean_absolute_error": ((Y, Y2), ()),
    "max_error": ((Y, Y2), ()),
    "mean_absolute_percentage_error": ((Y, Y2), ()),
    "mean_squared_log_error": ((np.abs(Y), np.abs(Y2)), ()),
    "mean_tweedie_deviance": ((np.abs(Y), np.abs(Y2) + 0.1), ()),
    "mean_poisson_deviance": ((np.abs(Y), np.abs(Y2) + 0.1), ()),
    "median_absolute_error": ((Y, Y2), ()),
    "confusion_matrix": ((YC, YC2), ()),
    "r2_score": ((Y, Y2), ("boolean-mask indexing",)),
    "explained_variance_score": ((Y, Y2), ("boolean-mask indexing",)),
    "accuracy_score": ((YC, YC2), ("unique_values",)),
    "zero_one_loss": ((YC, YC2), ("unique_values",)),
    "f1_score": ((YC, YC2), ("unique_values",)),
}
PAIRWISE = {
    "chi2_kernel": ((np.abs(X),), ()),
    "additive_chi2_kernel": ((np.abs(X),), ()),
    "manhattan_distances": ((X,), ()),
    "laplacian_kernel": ((X,), ()),
    "paired_euclidean_distances": ((X, X[::-1].copy()), ()),
    "euclidean_distances": ((X,), ("matmul",)),
    "linear_kernel": ((X,), ("matmul",)),
    "rbf_kernel": ((X,), ("matmul",)),
    "polynomial_kernel": ((X,), ("matmul",)),
    "sigmoid_kernel": ((X,), ("matmul",)),
    "cosine_similarity": ((X,), ("boolean-mask indexing", "matmul")),
    "cosine_distances": ((X,), ("boolean-mask indexing", "matmul")),
    "paired_cosine_distances": ((X, X[::-1].copy()), ("boolean-mask indexing",)),
}


@pytest.mark.parametrize("name", list(METRICS) + list(PAIRWISE))
def test_metric_matches_numpy(name):
    from sklearn import metrics
    from sklearn.metrics import pairwise

    inputs, needs = METRICS[name] if name in METRICS else PAIRWISE[name]
    missing = [f for f in needs if not _has(f)]
    if missing:
        pytest.skip("needs " + ", ".join(missing) + " (docs/array_api.md)")
    fn = getattr(metrics if name in METRICS else pairwise, name)
    ours, theirs = _both(fn, *inputs)
    _check(ours, theirs)


def test_threadpool_limits_reaches_raptors():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with threadpoolctl.threadpool_limits(1):
        assert rp.get_num_threads() == 1
