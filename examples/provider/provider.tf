terraform {
  required_providers {
    secops = { source = "terraform.local/secops/secops" }
  }
}

# Each setting may be left out and read from its environment variable (see below).
provider "secops" {
  illumio {
    pce_host = "https://pce.example.com:8443"
    org_id   = "1"
  }

  nomad {
    address = "https://nomad.example.com:4646"
  }

  anchore {
    url        = "https://anchore.example.com:8228"
    api_layout = "5.x"
  }

  chainguard {}

  carbonblack {
    url     = "https://defense.conferdeploy.net"
    org_key = "ABCD1234"
  }
}
