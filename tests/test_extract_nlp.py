"""The spaCy pipeline's set-up: numpy's BLAS on one thread for every model layer."""

import os
import subprocess
import sys

from thinc.api import NumpyOps

from archive.extract.nlp import pipeline


def test_every_model_layer_multiplies_through_numpy_blas_not_blis():
    layers = [layer for _, component in pipeline().components for layer in component.model.walk()]
    assert layers
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)


def test_loading_the_pipeline_caps_blas_at_one_thread_whatever_the_environment():
    script = (
        "import threadpoolctl\n"
        "from archive.extract.nlp import pipeline\n"
        "pipeline()\n"
        "print(sorted({pool['num_threads'] for pool in threadpoolctl.threadpool_info()"
        " if pool['user_api'] == 'blas'}))\n"
    )
    thread_variables = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}
    environment = {key: value for key, value in os.environ.items() if key not in thread_variables}
    environment["OPENBLAS_NUM_THREADS"] = "2"
    printed = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    assert printed.stdout.strip() == "[1]"


def test_the_importers_main_process_never_imports_spacy():
    # It hands the bodies to worker processes: importing spaCy was 1.3 s of its CPU per import.
    script = (
        "import sys, django\n"
        "django.setup()\n"
        "import archive.ingest\n"
        "from archive.management.commands.import_articles import _extractor\n"
        "_extractor()\n"
        "print('spacy' in sys.modules)\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    printed = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    assert printed.stdout.strip() == "False"
