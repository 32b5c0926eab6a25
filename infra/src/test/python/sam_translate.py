"""Prints template.yaml as CloudFormation receives it after SAM's transform (JSON), with the SAM
translator that ships with cfn-lint; no AWS call is made. Usage: python3 sam_translate.py template.yaml
[Name=Value ...] (parameter overrides, as `sam deploy --parameter-overrides` gives them)."""
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


def main():
    template = json.loads(json.dumps(cfn_yaml.load(sys.argv[1])))
    # `sam deploy` uploads the local jar first and gives the translator its S3 location.
    functions = template.get("Globals", {}).get("Function", {})
    if not str(functions.get("CodeUri", "s3://")).startswith("s3://"):
        functions["CodeUri"] = "s3://deployment-bucket/functions.jar"
    parameters = dict(arg.split("=", 1) for arg in sys.argv[2:])
    parameters.setdefault("AWS::Region", "us-east-1")
    parameters.setdefault("AWS::Partition", "aws")
    parameters.setdefault("AWS::AccountId", "123456789012")
    parameters.setdefault("AWS::StackName", "polystack-dev")
    print(json.dumps(transform(template, parameters, NoManagedPolicies()), indent=1, default=str))


if __name__ == "__main__":
    main()
