package lab

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Host names the HTTPS listener serves, reached with --resolve.
const (
	sandboxHost = "sandbox.lab.test"
	liveHost    = "live.lab.test"
	apiHost     = "api.lab.test"
)

// The certificates' validity does not follow the lab clock: a client checks
// them against its own clock, which a test may have fixed anywhere. A wide
// fixed window keeps them valid for any clock a test or user is likely to
// have.
var (
	certNotBefore = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	certNotAfter  = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)
)

// pki is the lab's certificate material.
type pki struct {
	caPEM     []byte
	leaf      tls.Certificate // signed by the lab CA
	untrusted tls.Certificate // self-signed, not from the lab CA
}

// newPKI generates an ECDSA P-256 CA and a leaf for the lab's names and
// host, and a self-signed certificate for the untrusted listener.
func newPKI(host string) (*pki, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	caTmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: "authdoctor lab CA", Organization: []string{"authdoctor lab"}},
		NotBefore:             certNotBefore,
		NotAfter:              certNotAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, ca, err := createCert(caTmpl, nil, caKey, &caKey.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("create lab CA: %w", err)
	}
	ips := []net.IP{net.ParseIP("127.0.0.1")}
	if ip := net.ParseIP(host); ip != nil && !ip.Equal(ips[0]) {
		ips = append(ips, ip)
	}
	leaf, err := newLeaf("authdoctor lab", []string{sandboxHost, liveHost, apiHost}, ips, ca, caKey)
	if err != nil {
		return nil, fmt.Errorf("create lab certificate: %w", err)
	}
	untrusted, err := newLeaf("authdoctor lab untrusted", nil, ips, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("create untrusted certificate: %w", err)
	}
	return &pki{
		caPEM:     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		leaf:      leaf,
		untrusted: untrusted,
	}, nil
}

// newLeaf creates a server certificate signed by ca, or self-signed when ca
// is nil.
func newLeaf(cn string, names []string, ips []net.IP, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate key: %w", err)
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		DNSNames:    names,
		IPAddresses: ips,
		NotBefore:   certNotBefore,
		NotAfter:    certNotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	signer := key
	if caKey != nil {
		signer = caKey
	}
	der, _, err := createCert(tmpl, ca, signer, &key.PublicKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	chain := [][]byte{der}
	if ca != nil {
		chain = append(chain, ca.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key}, nil
}

// createCert signs tmpl with a random serial number; a nil parent makes it
// self-signed.
func createCert(tmpl, parent *x509.Certificate, signer *ecdsa.PrivateKey, pub *ecdsa.PublicKey) ([]byte, *x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("serial number: %w", err)
	}
	tmpl.SerialNumber = serial
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		return nil, nil, fmt.Errorf("create certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("parse certificate: %w", err)
	}
	return der, cert, nil
}
