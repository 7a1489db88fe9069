package dev.trestle.simulator;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at simulator start: a CA and a {@code localhost} server certificate (SAN DNS:localhost)
 * signed by it, both EC P-256, valid for a day. Nothing is persisted but the CA certificate's PEM.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final X509Certificate leaf;
    private final KeyPair leafKeys;

    private TestPki(X509Certificate ca, X509Certificate leaf, KeyPair leafKeys) {
        this.ca = ca;
        this.leaf = leaf;
        this.leafKeys = leafKeys;
    }

    /** A new CA with a server certificate for {@code host}. */
    public static TestPki create(String caName, String host) throws GeneralSecurityException {
        try {
            KeyPair caKeys = keys();
            KeyPair leafKeys = keys();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(1)));
            X500Name caSubject = new X500Name("CN=" + caName);
            X509v3CertificateBuilder cab = new JcaX509v3CertificateBuilder(caSubject, serial(), from, to, caSubject,
                    caKeys.getPublic());
            cab.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            cab.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(cab, caKeys);

            X509v3CertificateBuilder lb = new JcaX509v3CertificateBuilder(caSubject, serial(), from, to,
                    new X500Name("CN=" + host), leafKeys.getPublic());
            lb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            lb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            lb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            lb.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
            X509Certificate leaf = sign(lb, caKeys);
            return new TestPki(ca, leaf, leafKeys);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("certificate generation failed", e);
        }
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(s));
    }

    /** A server SSL context presenting the leaf certificate and its chain. */
    public SSLContext serverContext() throws GeneralSecurityException {
        try {
            char[] pw = "simulator".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", leafKeys.getPrivate(), pw, new X509Certificate[] {leaf, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new GeneralSecurityException("key store", e);
        }
    }

    /** The CA certificate as PEM. */
    public String caPem() throws GeneralSecurityException {
        return pem(ca);
    }

    public static String pem(X509Certificate cert) throws GeneralSecurityException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
    }

    public void writeCaPem(Path file) throws IOException, GeneralSecurityException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
    }
}
