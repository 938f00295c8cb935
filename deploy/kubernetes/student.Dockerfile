# The students' single-user image: JupyterLab, nbgrader's student side, the libraries the
# lessons use, and the student modules of the course (autograder.student) — nothing that
# knows an answer. Build it from the context `backprop hub student-image DIR` writes:
#   backprop hub student-image build/student-image
#   docker build -t backprop-student:0.1.0 build/student-image
FROM quay.io/jupyter/minimal-notebook:python-3.11

COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu \
        -r /tmp/requirements.txt

COPY student-pkg /tmp/student-pkg
RUN pip install --no-cache-dir --no-deps /tmp/student-pkg && rm -rf /tmp/student-pkg

# The course's Validate and Assignments in the student's language (prebuilt: no Node).
COPY labextension-pkg /tmp/labextension-pkg
RUN pip install --no-cache-dir --no-deps /tmp/labextension-pkg && rm -rf /tmp/labextension-pkg

# nbgrader's instructor tools (its menu, create assignment, formgrader, the course list) are
# not a student's: off for everyone who runs this image, as in every student environment.
RUN python -m autograder.student.labview student
