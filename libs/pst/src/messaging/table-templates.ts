import { Tag } from './tags';

/**
 * Columns of the tables every folder, message and attachment carries, the same as the table
 * templates ([MS-PST] §2.4.4.5, §2.4.5.1, §2.4.6.1) Outlook writes into a new PST.
 */
export const HierarchyColumns = [
  Tag.DisplayName,
  Tag.ContentCount,
  Tag.ContentUnreadCount,
  Tag.Subfolders,
  Tag.ReplItemId,
  Tag.ReplChangeNumber,
  Tag.ReplVersionHistory,
  Tag.ReplFlags,
  Tag.ContainerClass,
  Tag.PstHiddenCount,
  Tag.PstHiddenUnread,
] as const;

export const ContentsColumns = [
  Tag.MessageStatus,
  Tag.MessageClass,
  Tag.MessageFlags,
  Tag.Importance,
  Tag.SentRepresentingName,
  Tag.Subject,
  Tag.MessageDeliveryTime,
  Tag.ClientSubmitTime,
  Tag.MessageSize,
  Tag.DisplayTo,
  Tag.DisplayCc,
  Tag.MessageToMe,
  Tag.MessageCcMe,
  Tag.Sensitivity,
  Tag.ItemTemporaryFlags,
  Tag.ConversationTopic,
  Tag.ConversationIndex,
  Tag.ChangeKey,
  Tag.SecureSubmitFlags,
  Tag.LastModificationTime,
  Tag.ReplItemId,
  Tag.ReplChangeNumber,
  Tag.ReplVersionHistory,
  Tag.ReplCopiedFromItemId,
  Tag.ReplCopiedFromVersionHistory,
  Tag.ReplFlags,
] as const;

export const AssociatedContentsColumns = [
  Tag.MessageStatus,
  Tag.MessageClass,
  Tag.MessageFlags,
  Tag.DisplayName,
  0x70030003,
  0x70040102,
  0x70050102,
  0x7006001f,
  0x70070003,
  0x6800001f,
  0x6803000b,
  0x68051003,
  0x682f001f,
] as const;

export const SearchContentsColumns = [
  0x67f10003,
  Tag.ParentDisplay,
  Tag.MessageStatus,
  Tag.MessageClass,
  Tag.MessageFlags,
  Tag.Importance,
  Tag.SentRepresentingName,
  Tag.Subject,
  Tag.MessageDeliveryTime,
  Tag.MessageSize,
  Tag.DisplayTo,
  Tag.DisplayCc,
  Tag.MessageToMe,
  Tag.MessageCcMe,
  Tag.Sensitivity,
  0x0e2a000b,
  Tag.LastModificationTime,
] as const;

export const AttachmentColumns = [
  Tag.RenderingPosition,
  Tag.AttachSize,
  Tag.AttachMethod,
  Tag.AttachFilename,
] as const;

export const RecipientColumns = [
  Tag.Responsibility,
  Tag.AddressType,
  Tag.EmailAddress,
  Tag.EntryId,
  Tag.DisplayName,
  Tag.RecipientType,
  Tag.SearchKey,
  Tag.RecordKey,
  Tag.ObjectType,
  Tag.DisplayType,
  Tag.SendRichInfo,
  Tag.TransmittableDisplayName,
] as const;
