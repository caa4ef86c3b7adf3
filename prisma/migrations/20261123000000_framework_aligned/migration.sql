-- An honest status for "we follow this framework, nobody certified us": ALIGNED.
-- (Seen on real trust pages: "GDPR: aligned, documented", "framed by OWASP ASVS L2".)
SET LOCAL ROLE candor_owner;
ALTER TYPE "FrameworkStatus" ADD VALUE 'ALIGNED' AFTER 'CERTIFIED';
