"""Prints template.yaml as CloudFormation receives it after SAM's transform (JSON), with the SAM
translator that ships with cfn-lint; no AWS call is made. Usage: python3 sam_translate.py template.yaml
[Name=Value ...] (parameter overrides, as `sam deploy --parameter-overrides` gives them).

python3 sam_translate.py --serve: one transform per line of standard input ({"template": path,
"parameters": ["Name=Value", ...]}), each answered on one line of standard output ({"template": {...}}
or {"error": "..."}), until standard input ends: the tests' JVM pays the imports (about 1 s of CPU)
once, not once per transform."""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from cfnlint.decode import cfn_yaml  # noqa: E402  (reads !Ref, !Sub, ... as CloudFormation does)
from samtranslator.translator.transform import transform  # noqa: E402


class NoManagedPolicies:
    """The translator asks for AWS managed policy ARNs only for policies given by name; this template gives none."""

    def load(self):
        return {}


def translated(path, overrides):
    template = json.loads(json.dumps(cfn_yaml.load(path)))
    # `sam deploy` uploads the local jar first and gives the translator its S3 location.
    functions = template.get("Globals", {}).get("Function", {})
    if not str(functions.get("CodeUri", "s3://")).startswith("s3://"):
        functions["CodeUri"] = "s3://deployment-bucket/functions.jar"
    parameters = dict(arg.split("=", 1) for arg in overrides)
    parameters.setdefault("AWS::Region", "us-east-1")
    parameters.setdefault("AWS::Partition", "aws")
    parameters.setdefault("AWS::AccountId", "123456789012")
    parameters.setdefault("AWS::StackName", "polystack-dev")
    return transform(template, parameters, NoManagedPolicies())


def serve():
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"template": translated(request["template"], request.get("parameters", []))}
        except Exception as e:  # noqa: BLE001  (any failure is the caller's to report, with its message)
            answer = {"error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(answer, default=str), flush=True)


def main():
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        print(json.dumps(translated(sys.argv[1], sys.argv[2:]), indent=1, default=str))


if __name__ == "__main__":
    main()
