"""AWS extra of core (``pip install 'jobfactory-core[aws]'``): boto3 is imported lazily.

- ``secret://aws-secretsmanager/NAME`` and ``NAME#json_key`` (:mod:`.secrets`)
- ``secret://aws-ssm//path/to/param``, SecureString decrypted (:mod:`.secrets`)
- ``--config s3://bucket/key.toml`` (:mod:`.config_loader`)
- ``{ type = "sns", topic_arn = "..." }`` notifier (:mod:`.sns`)

Endpoints and regions follow boto3's own settings: ``AWS_ENDPOINT_URL`` and the
service-specific ``AWS_ENDPOINT_URL_SECRETS_MANAGER``, ``AWS_ENDPOINT_URL_SSM``,
``AWS_ENDPOINT_URL_S3``, ``AWS_ENDPOINT_URL_SNS`` (read by botocore >= 1.31 itself), and the
region from ``AWS_REGION`` (as the AWS runtimes set it), else ``AWS_DEFAULT_REGION`` or the
profile.
"""
