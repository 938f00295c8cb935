# The hub's image with the course and its grading service: Zero to JupyterHub's hub image,
# plus bubblewrap (the grading sandbox) and this repository. Build from the repository root:
#   docker build -f deploy/kubernetes/grader.Dockerfile -t backprop-grader:0.1.0 .
# Chart 4.4.0's hub image has JupyterHub 5.5.0 on Python 3.12: the course's pins are installed
# without its JupyterHub (the hub image's stays), and the course must install on Python 3.12.
FROM quay.io/jupyterhub/k8s-hub:4.4.0

USER root
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap \
 && rm -rf /var/lib/apt/lists/*
COPY . /srv/backprop
RUN grep -v '^jupyterhub==' /srv/backprop/requirements.txt > /tmp/requirements.txt \
 && pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu \
        -r /tmp/requirements.txt \
 && pip install --no-cache-dir --no-deps /srv/backprop \
 && chmod -R go-rwx /srv/backprop
USER ${NB_USER:-jovyan}
