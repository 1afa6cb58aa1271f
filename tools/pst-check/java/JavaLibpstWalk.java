import com.pff.PSTAttachment;
import com.pff.PSTFile;
import com.pff.PSTFolder;
import com.pff.PSTMessage;
import com.pff.PSTObject;
import com.pff.PSTRecipient;
import java.io.InputStream;
import java.security.MessageDigest;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

/**
 * Opens a PST with java-libpst (the reader inside Apache Tika) and walks it the way Tika does:
 * every folder through getSubFolders, every message through getNextChild, then each message's
 * recipients and attachments, embedded messages included. Prints one JSON document; exits 1 with
 * java-libpst's error on standard error when it cannot.
 */
public final class JavaLibpstWalk {
  /** The IPM subtree ("Top of Personal Folders"): folder paths are given from there. */
  private static final long IPM_SUBTREE_NID = 0x8022;

  private final StringBuilder folders = new StringBuilder();
  private final StringBuilder messages = new StringBuilder();

  public static void main(String[] args) throws Exception {
    try {
      JavaLibpstWalk walk = new JavaLibpstWalk();
      PSTFile file = new PSTFile(args[0]);
      walk.walk(file.getRootFolder(), null);
      System.out.println(
          "{\"folders\":[" + walk.folders + "],\"messages\":[" + walk.messages + "]}");
    } catch (Exception | Error error) {
      error.printStackTrace();
      System.exit(1);
    }
  }

  /** `path` is null above the IPM subtree, where folders are walked but not reported. */
  private void walk(PSTFolder folder, String path) throws Exception {
    int count = 0;
    if (folder.getContentCount() > 0) {
      for (PSTObject child = folder.getNextChild(); child != null; child = folder.getNextChild()) {
        if (!(child instanceof PSTMessage)) continue;
        if (path != null) {
          separate(messages);
          messages.append(message((PSTMessage) child, path));
        }
        count++;
      }
    }
    if (path != null) {
      separate(folders);
      folders.append("{\"path\":").append(json(path)).append(",\"messages\":").append(count);
      folders.append('}');
    }
    if (!folder.hasSubfolders()) return;
    for (PSTFolder child : folder.getSubFolders()) {
      String childPath =
          child.getDescriptorNodeId() == IPM_SUBTREE_NID
              ? ""
              : path == null
                  ? null
                  : path.isEmpty() ? child.getDisplayName() : path + "/" + child.getDisplayName();
      walk(child, childPath);
    }
  }

  private static String message(PSTMessage message, String folder) throws Exception {
    StringBuilder out = new StringBuilder("{");
    field(out, "folder", folder);
    field(out, "subject", message.getSubject());
    field(out, "fromName", message.getSenderName());
    field(out, "fromAddress", message.getSenderEmailAddress());
    field(out, "sentAt", iso(message.getClientSubmitTime()));
    field(out, "messageId", message.getInternetMessageId());
    field(out, "text", message.getBody());
    field(out, "html", message.getBodyHTML());
    out.append("\"recipients\":[");
    for (int i = 0; i < message.getNumberOfRecipients(); i++) {
      PSTRecipient recipient = message.getRecipient(i);
      if (i > 0) out.append(',');
      out.append('{');
      field(out, "name", recipient.getDisplayName());
      field(out, "address", recipient.getEmailAddress());
      out.append("\"type\":").append(recipient.getRecipientType()).append('}');
    }
    out.append("],\"attachments\":[");
    StringBuilder embedded = new StringBuilder();
    boolean first = true;
    for (int i = 0; i < message.getNumberOfAttachments(); i++) {
      PSTAttachment attachment = message.getAttachment(i);
      if (attachment.getAttachMethod() == PSTAttachment.ATTACHMENT_METHOD_EMBEDDED) {
        separate(embedded);
        embedded.append(message(attachment.getEmbeddedPSTMessage(), ""));
        continue;
      }
      if (!first) out.append(',');
      first = false;
      out.append('{');
      String name = attachment.getLongFilename();
      field(out, "name", name.isEmpty() ? attachment.getFilename() : name);
      field(out, "contentId", attachment.getContentId());
      out.append("\"sha256\":").append(json(sha256(attachment))).append('}');
    }
    out.append("],\"embedded\":[").append(embedded).append("]}");
    return out.toString();
  }

  private static String sha256(PSTAttachment attachment) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    // java-libpst gives no stream for an attachment without data: that is an empty file.
    InputStream in = attachment.getFileInputStream();
    if (in != null) {
      try (in) {
        byte[] buffer = new byte[65536];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) digest.update(buffer, 0, n);
      }
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : digest.digest()) hex.append(String.format("%02x", b));
    return hex.toString();
  }

  private static String iso(Date date) {
    if (date == null) return null;
    SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    return format.format(date);
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append(json(name)).append(':').append(value == null ? "null" : json(value)).append(',');
  }

  private static void separate(StringBuilder list) {
    if (list.length() > 0) list.append(',');
  }

  private static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
